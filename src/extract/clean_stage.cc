// Stage "clean": raw pre-scraped text -> article text + metadata, with every
// dropped block listed in the document's diagnostics.
#include "core/builtin_stages.h"
#include "dyad/clean.h"

namespace dyad {

namespace {

class CleanStage : public Stage {
 public:
  explicit CleanStage(bool enabled) : enabled_(enabled) {}
  std::string_view name() const override { return "clean"; }
  Annotations required() const override { return kAnnRaw; }
  Annotations assigned() const override { return kAnnText | kAnnMetadata; }

  Status Process(Document& doc, StageScratch*) const override {
    if (doc.text_ready && !doc.text.empty()) return Status::Ok();  // extracted from HTML
    if (!enabled_) {
      doc.text = doc.raw;
      return Status::Ok();
    }
    CleanResult r = CleanPrescrapedText(doc.raw, doc.title);
    for (const TextBlock& b : r.blocks) {
      if (b.reason.empty()) continue;
      std::string_view excerpt = std::string_view(doc.raw).substr(b.raw_span.begin, std::min<uint32_t>(b.raw_span.size(), 80));
      doc.Note(Severity::kInfo, "clean", b.reason, b.raw_span, std::string(excerpt));
    }
    if (r.text.empty()) return Status::InvalidArgument("no article text left after cleaning");
    doc.text = std::move(r.text);
    if (doc.title.empty()) doc.title = r.title;
    if (doc.site.empty()) doc.site = r.site;
    if (doc.genre.empty()) doc.genre = r.genre;
    if (doc.author.empty()) doc.author = r.author;
    if (doc.language.empty()) doc.language = r.language;
    if (!doc.language.empty() && doc.language != "en") {
      doc.Note(Severity::kWarning, "clean", "language",
               Span{0, 0}, "article language is '" + doc.language + "'; dyad's dictionaries are English");
    }
    return Status::Ok();
  }

 private:
  bool enabled_;
};

}  // namespace

void RegisterExtractStages(StageRegistry& registry) {
  registry.Register("clean", [](const StageConfig& c) -> Result<std::unique_ptr<Stage>> {
    std::string mode = c.Get("mode", "prescraped");
    if (mode != "prescraped" && mode != "none")
      return Status::InvalidArgument("clean: mode must be 'prescraped' or 'none'");
    return std::unique_ptr<Stage>(new CleanStage(mode == "prescraped"));
  });
}

}  // namespace dyad
