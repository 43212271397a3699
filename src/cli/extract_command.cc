// dyad extract: the article of web pages (HTML, .html.gz, WARC, RSS/Atom,
// JSONL with "html") as text or JSON, with title, author, date, site,
// language and canonical URL. Pages of one site processed together teach the
// site's template (repeated navigation, teaser lists, footers), which is then
// removed from each of them (--no-templates to turn off).
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>

#include "cli/cli_common.h"
#include "cli/command.h"
#include "cli/eval_command.h"
#include "dyad/extract.h"
#include "dyad/ingest.h"

namespace dyad::cli {

namespace {

namespace fs = std::filesystem;

struct Item {
  std::string input;   // the input file ("-" for stdin)
  std::string origin;  // the document within it
  bool has_extraction = false;
  Extraction ex;       // HTML pages and WARC records (template learning)
  Document doc;        // feeds, JSONL, text
};

std::string BaseName(const std::string& input) {
  std::string name = fs::path(input).filename().string();
  for (const char* ext : {".gz", ".html", ".htm", ".xhtml", ".shtml", ".warc", ".xml", ".rss",
                          ".atom", ".jsonl", ".ndjson", ".txt"}) {
    std::string e = ext;
    if (name.size() > e.size() && name.compare(name.size() - e.size(), e.size(), e) == 0)
      name.resize(name.size() - e.size());
  }
  return name.empty() || name == "-" ? "stdin" : name;
}

class ExtractCommand : public Command {
 public:
  CLI::App* Setup(CLI::App& app, const char* argv0) override {
    cmd_ = app.add_subcommand("extract", "Extract the article text and metadata of web pages (HTML, WARC, RSS/Atom)");
    cmd_->add_option("inputs", common_.inputs, "Files, directories (walked) or - for standard input")->required();
    cmd_->add_option("--format", format_, "Output: text or json")
        ->check(CLI::IsMember({"text", "json"}))
        ->capture_default_str();
    cmd_->add_option("--out", out_dir_, "Write one <input basename>.json (or .txt) per input into DIR; inputs holding several documents (WARC, feeds, JSONL) give .jsonl");
    cmd_->add_flag("--no-templates", no_templates_, "Do not learn and remove blocks repeated across pages of one site");
    cmd_->add_option("--template-pages", template_pages_, "Pages of one site needed before its repeated blocks count as template")
        ->capture_default_str();
    cmd_->add_option("--max-bytes", common_.max_bytes_mb, "Refuse pages larger than this many MiB")->capture_default_str();
    cmd_->add_flag("--explain", explain_, "Also list every dropped block with its reason on standard error");
    return cmd_;
  }

  int Run() override {
    if (!out_dir_.empty()) {
      std::error_code ec;
      fs::create_directories(out_dir_, ec);
      if (ec) {
        std::cerr << "dyad: cannot create --out " << out_dir_ << ": " << ec.message() << '\n';
        return kExitUsage;
      }
    }
    ReadOptions ro = common_.ToReadOptions();
    std::vector<std::string> files;
    for (const std::string& in : common_.inputs) {
      std::error_code ec;
      if (in != "-" && fs::is_directory(in, ec)) {
        std::vector<fs::path> found;
        for (auto it = fs::recursive_directory_iterator(in, fs::directory_options::skip_permission_denied, ec);
             !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
          if (it->is_regular_file(ec) && it->path().filename().string()[0] != '.') found.push_back(it->path());
        }
        std::sort(found.begin(), found.end());
        for (auto& f : found) files.push_back(f.string());
      } else {
        files.push_back(in);
      }
    }
    std::vector<Item> items;
    int failed = 0;
    auto fail = [&](const std::string& origin, const Status& s) {
      ReportDocumentError(origin, s);
      ++failed;
    };
    // Extracted pages are kept without their HTML (the batch is held until templates are learnt).
    auto add_extraction = [&](const std::string& input, const std::string& origin, Extraction ex) {
      Item it;
      it.input = input;
      it.origin = origin;
      it.has_extraction = true;
      it.ex = std::move(ex);
      it.ex.html.clear();
      it.ex.html.shrink_to_fit();
      items.push_back(std::move(it));
    };
    for (const std::string& f : files) {
      std::error_code ec;
      if (f != "-" && !fs::exists(f, ec)) {
        fail(f, Status::NotFound("no such file or directory"));
        continue;
      }
      InputFormat format = InputFormat::kText;
      if (f != "-") {
        std::ifstream in(f, std::ios::binary);
        std::string head(512, '\0');
        in.read(head.data(), head.size());
        head.resize(static_cast<size_t>(in.gcount()));
        if (head.size() >= 2 && static_cast<unsigned char>(head[0]) == 0x1f &&
            static_cast<unsigned char>(head[1]) == 0x8b) {
          head.resize(1024);
          head.resize(ByteSource::FromFile(f)->Read(head.data(), head.size()));
        }
        format = DetectInputFormat(f, head);
      }
      if (format == InputFormat::kHtml) {
        auto bytes = ReadMaybeGzipFile(f, ro.max_document_bytes);
        if (!bytes.ok()) {
          fail(f, bytes.status());
          continue;
        }
        ExtractOptions eo;
        eo.max_bytes = ro.max_document_bytes;
        auto ex = ExtractArticle(*bytes, eo);
        if (!ex.ok()) {
          fail(f, ex.status());
          continue;
        }
        add_extraction(f, f, std::move(*ex));
      } else if (format == InputFormat::kWarc) {
        ForEachWarcArticle(ByteSource::FromFile(f), f, ro.max_document_bytes,
                           [&](const std::string& where, Result<Extraction> ex) {
                             if (!ex.ok()) return fail(where, ex.status());
                             add_extraction(f, where, std::move(*ex));
                           });
      } else {
        ReadInputs({f}, ro, [&](const std::string& origin, Result<Document> doc) {
          if (!doc.ok()) {
            fail(origin, doc.status());
            return;
          }
          Item it;
          it.input = f;
          it.origin = origin;
          it.doc = std::move(*doc);
          if (!it.doc.text_ready) it.doc.text = it.doc.raw;  // plain text passes through
          items.push_back(std::move(it));
        });
      }
    }
    // Site templates.
    size_t template_dropped = 0;
    if (!no_templates_) {
      SiteTemplates templates(template_pages_);
      for (const Item& it : items)
        if (it.has_extraction) templates.Observe(UrlHost(it.ex.url), it.ex);
      for (Item& it : items)
        if (it.has_extraction) template_dropped += templates.Apply(UrlHost(it.ex.url), it.ex);
    }
    // Output.
    std::map<std::string, size_t> per_input;
    for (const Item& it : items) ++per_input[it.input];
    std::map<std::string, std::unique_ptr<std::ofstream>> outs;
    for (Item& it : items) {
      if (it.has_extraction && explain_) {
        for (const ExtractedBlock& b : it.ex.blocks)
          if (!b.reason.empty())
            std::cerr << it.origin << ": [extract] " << b.reason << ": " << b.text.substr(0, 80) << '\n';
      }
      if (it.has_extraction && it.ex.text.empty()) {
        fail(it.origin, Status::InvalidArgument("no article text found in the HTML page"));
        continue;
      }
      Document doc;
      if (it.has_extraction) {
        it.ex.blocks.clear();
        doc = DocumentFromExtraction(std::move(it.ex), it.origin);
      } else {
        doc = std::move(it.doc);
      }
      std::string rendered;
      if (format_ == "json") {
        nlohmann::json j = {{"id", doc.id},       {"url", doc.url},     {"title", doc.title},
                            {"author", doc.author}, {"date", doc.date}, {"site", doc.site},
                            {"language", doc.language}, {"text", doc.text}};
        rendered = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
      } else {
        rendered = doc.text;
      }
      std::ostream* os = &std::cout;
      bool multi = per_input[it.input] > 1;
      if (!out_dir_.empty()) {
        std::string name = BaseName(it.input) +
                           (format_ == "json" ? (multi ? ".jsonl" : ".json") : ".txt");
        auto& slot = outs[name];
        if (!slot) {
          slot = std::make_unique<std::ofstream>(fs::path(out_dir_) / name, std::ios::binary);
          if (!*slot) {
            std::cerr << "dyad: cannot write " << (fs::path(out_dir_) / name).string() << '\n';
            return kExitUsage;
          }
        }
        os = slot.get();
      }
      if (format_ == "text" && (multi || out_dir_.empty()) && items.size() > 1)
        *os << "==> " << it.origin << " <==\n";
      *os << rendered << '\n';
      if (format_ == "text" && items.size() > 1) *os << '\n';
    }
    if (explain_ && !no_templates_)
      std::cerr << "dyad: site templates removed " << template_dropped << " blocks\n";
    return failed ? kExitSomeFailed : kExitOk;
  }

 private:
  CLI::App* cmd_ = nullptr;
  CommonOptions common_;
  std::string format_ = "json";
  std::string out_dir_;
  bool no_templates_ = false;
  bool explain_ = false;
  size_t template_pages_ = 3;
};

// `dyad eval extract`: runs bench/extract_eval.sh with this binary: both
// benchmarks split 70/30 (dev / held-out) by page id, scored by
// ../shared/tools/score_extract.py.
class ExtractEvalTarget : public EvalTarget {
 public:
  CLI::App* Setup(CLI::App& eval, const char* argv0) override {
    cmd_ = eval.add_subcommand("extract", "Score dyad extract on ScrapingHub and WCXB (dev and held-out parts) with score_extract.py");
    cmd_->add_option("--part", part_, "dev, heldout or all")
        ->check(CLI::IsMember({"dev", "heldout", "all"}))
        ->capture_default_str();
    return cmd_;
  }
  int Run() override {
    std::error_code ec;
    fs::path self = fs::canonical("/proc/self/exe", ec);
    fs::path script = fs::path(DYAD_SOURCE_DIR) / "bench" / "extract_eval.sh";
    if (ec || !fs::exists(script)) {
      std::cerr << "dyad: cannot find " << script.string() << '\n';
      return kExitUsage;
    }
    std::string cmd = "bash '" + script.string() + "' '" + self.string() + "' " + part_;
    int rc = std::system(cmd.c_str());
    return rc == 0 ? kExitOk : kExitSomeFailed;
  }

 private:
  CLI::App* cmd_ = nullptr;
  std::string part_ = "all";
};

}  // namespace

DYAD_REGISTER_COMMAND("extract", ExtractCommand);
DYAD_REGISTER_EVAL_TARGET("extract", ExtractEvalTarget);

}  // namespace dyad::cli
