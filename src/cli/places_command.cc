// dyad places INPUT...: every place mention, resolved to the gazetteer
// (JSONL: one mention per line; table for reading; --explain: the readings
// weighed for each mention).
#include <fmt/format.h>

#include <iostream>

#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "dyad/pipeline.h"
#include "dyad/places.h"

namespace dyad::cli {

namespace {

class PlacesCommand : public Command {
 public:
  CLI::App* Setup(CLI::App& app, const char* argv0) override {
    argv0_ = argv0;
    cmd_ = app.add_subcommand("places", "Place mentions of articles, resolved to GeoNames (span, id, lat/lon, rule)");
    AddCommonOptions(cmd_, common_);
    cmd_->add_option("--format", format_, "Output: jsonl or table")
        ->check(CLI::IsMember({"jsonl", "table"}))
        ->capture_default_str();
    cmd_->add_flag("--explain", explain_, "Say why each place was chosen: the readings weighed and their scores");
    cmd_->add_option("--gazetteer", gazetteer_, "Gazetteer file (default: data/geo/gazetteer.bin)");
    cmd_->add_flag("--adjectives", adjectives_,
                   "Also list demonyms and adjectives (\"Syrian\") as mentions of their country (events use them either way)");
    cmd_->add_flag("--fast", fast_, "No tagger/parser (rule lemmas): faster, less careful about names that are words");
    cmd_->add_flag("--no-clean", no_clean_, "The input is already clean article text: skip page-chrome removal");
    cmd_->add_option("--date", date_, "Publication date (YYYY-MM-DD) for documents that have none");
    return cmd_;
  }

  int Run() override {
    auto data = FindDataDir(common_.data_dir, argv0_);
    if (!data.ok()) {
      std::cerr << "dyad: " << data.status().message() << '\n';
      return kExitUsage;
    }
    std::string places = "places";
    std::vector<std::string> opts;
    if (!gazetteer_.empty()) opts.push_back("gazetteer=" + gazetteer_);
    for (size_t i = 0; i < opts.size(); ++i) places += (i ? "," : ":") + opts[i];
    std::string spec = std::string(no_clean_ ? "clean:mode=none" : "clean") +
                       (fast_ ? ";tokenize;lemma;actors;" : ";tokenize;tagger;parser;actors;") + places;
    auto pipeline = Pipeline::Build(spec, *data);
    if (!pipeline.ok()) {
      std::cerr << "dyad: " << pipeline.status().message() << '\n';
      return kExitUsage;
    }
    if (format_ == "table")
      std::cout << fmt::format("{:<16} {:>11}  {:<24} {:>9} {:<28} {:>8} {:>9} {:<3} {:<7} {:<7} {:>5}  {}\n",
                               "document", "span", "text", "geonameid", "name", "lat", "lon", "cc", "adm1",
                               "feature", "score", "rule");
    const int failed = CodeInputs(common_.inputs, common_.ToReadOptions(), *pipeline, date_, [&](Document& doc) {
      for (const Place& p : doc.places) {
        // Place mentions are toponyms, as geoparsing corpora count them;
        // demonyms still helped resolve the others.
        if (p.adjective && !adjectives_) continue;
        std::string text(doc.Text(p.span));
        for (char& c : text)
          if (c == '\n' || c == '\t') c = ' ';
        if (format_ == "jsonl") {
          nlohmann::json j = {{"doc_id", doc.id}, {"text", text}, {"span", {p.span.begin, p.span.end}},
                              {"sentence", p.sentence},
                              {"geonameid", p.geonameid ? nlohmann::json(p.geonameid) : nlohmann::json(nullptr)},
                              {"name", p.name}, {"full_name", p.full_name},
                              {"lat", std::round(p.lat * 1e5) / 1e5}, {"lon", std::round(p.lon * 1e5) / 1e5},
                              {"country", p.country}, {"adm1", p.adm1}, {"feature", p.feature},
                              {"population", p.population}, {"adjective", p.adjective}, {"score", p.score},
                              {"rule", p.rule}};
          if (explain_) j["explain"] = p.explain;
          std::cout << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
        } else {
          std::cout << fmt::format("{:<16} {:>11}  {:<24} {:>9} {:<28} {:>8.3f} {:>9.3f} {:<3} {:<7} {:<7} {:>5.2f}  {}\n",
                                   doc.id.substr(0, 16), fmt::format("{}-{}", p.span.begin, p.span.end),
                                   text.substr(0, 24), p.geonameid, p.name.substr(0, 28), p.lat, p.lon,
                                   p.country.empty() ? "-" : p.country, p.adm1.empty() ? "-" : p.adm1, p.feature,
                                   p.score, p.rule);
          if (explain_)
            for (size_t a = 0, b = 0; b != std::string::npos; a = b + 3) {
              b = p.explain.find(" | ", a);
              std::cout << "    " << p.explain.substr(a, b == std::string::npos ? std::string::npos : b - a) << '\n';
            }
        }
      }
    });
    return failed ? kExitSomeFailed : kExitOk;
  }

 private:
  CLI::App* cmd_ = nullptr;
  const char* argv0_ = nullptr;
  CommonOptions common_;
  std::string format_ = "jsonl", gazetteer_, date_;
  bool explain_ = false, adjectives_ = false, fast_ = false, no_clean_ = false;
};

}  // namespace

DYAD_REGISTER_COMMAND("places", PlacesCommand);

}  // namespace dyad::cli
