#include <fmt/format.h>

#include "dyad/output.h"

namespace dyad {

namespace {
std::string OneLine(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  return out;
}
}  // namespace

void WriteExplanation(const Document& doc, const std::vector<DedupedEvent>& events, std::ostream& out) {
  out << fmt::format("== document {} ({})\n", doc.id, doc.origin);
  auto field = [&](const char* name, const std::string& v) {
    if (!v.empty()) out << fmt::format("   {:<9} {}\n", name, v);
  };
  field("title", doc.title);
  field("site", doc.site);
  field("genre", doc.genre);
  field("author", doc.author);
  field("date", doc.date);
  field("language", doc.language);
  field("url", doc.url);
  out << fmt::format("   {} paragraphs, {} sentences, {} tokens kept ({} bytes of {})\n", doc.paragraphs.size(),
                     doc.sentences.size(), doc.tokens.size(), doc.text.size(), doc.raw.size());
  if (!doc.diagnostics.empty()) {
    out << fmt::format("-- dropped or noted ({}):\n", doc.diagnostics.size());
    for (const Diagnostic& d : doc.diagnostics) {
      std::string where = d.raw_span.empty() ? "" : fmt::format("bytes {}-{} ", d.raw_span.begin, d.raw_span.end);
      out << fmt::format("   [{}] {}: {}{}\n", d.stage, d.reason, where, OneLine(d.excerpt));
    }
  }
  out << fmt::format("-- events ({}):\n", events.size());
  for (const DedupedEvent& de : events) {
    const Event& e = de.event;
    out << fmt::format("   {} {} -> {}  CAMEO {} ({}), PLOVER {}, quad {}, Goldstein {:.1f}\n",
                       e.date.empty() ? "(no date)" : e.date, e.source.code,
                       e.target.code.empty() ? "-" : e.target.code, e.cameo, e.pattern_text.substr(0, e.pattern_text.find('[')),
                       e.plover.empty() ? "-" : e.plover, e.quad_class, e.goldstein);
    out << fmt::format("      sentence {}: {}\n", e.sentence, OneLine(SentenceText(doc, e.sentence)));
    out << fmt::format("      trigger  \"{}\" (bytes {}-{}) by pattern {} {}\n", OneLine(doc.Text(e.trigger)),
                       e.trigger.begin, e.trigger.end, e.pattern_id, e.pattern_text.substr(e.pattern_text.find('[')));
    out << fmt::format("      source   \"{}\" = {} ({})\n", OneLine(e.source.text), e.source.code, e.source.entry);
    if (e.has_target())
      out << fmt::format("      target   \"{}\" = {} ({})\n", OneLine(e.target.text), e.target.code, e.target.entry);
    out << fmt::format("      date     {}\n", e.date_rule);
    out << fmt::format("      status   {}, {}{}; confidence {:.2f}; {} mention(s)\n", ToString(e.polarity),
                       ToString(e.modality), e.modality_cue.empty() ? "" : " (cue: " + e.modality_cue + ")",
                       e.confidence, de.mentions.size());
  }
}

}  // namespace dyad
