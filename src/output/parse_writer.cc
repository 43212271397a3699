#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "dyad/output.h"

namespace dyad {

namespace {
std::string Or(const std::string& s) { return s.empty() ? "_" : s; }
}  // namespace

void WriteConllu(const Document& doc, std::ostream& out) {
  if (!doc.id.empty()) out << "# newdoc id = " << doc.id << '\n';
  uint32_t para = UINT32_MAX;
  for (size_t si = 0; si < doc.sentences.size(); ++si) {
    const Sentence& s = doc.sentences[si];
    if (s.paragraph != para) {
      out << "# newpar\n";
      para = s.paragraph;
    }
    std::string text(doc.Text(s.span));
    for (char& c : text)
      if (c == '\n' || c == '\r') c = ' ';
    out << "# sent_id = " << (si + 1) << "\n# text = " << text << '\n';
    for (uint32_t i = s.token_begin; i < s.token_end; ++i) {
      const Token& t = doc.tokens[i];
      std::string form(doc.Text(t.span));
      for (char& c : form)
        if (c == '\t' || c == '\n') c = ' ';
      std::string head = t.deprel.empty() ? "_" : std::to_string(t.head < 0 ? 0 : t.head + 1);
      std::string misc = (t.Has(kTokSpaceAfter) || i + 1 == s.token_end) ? "_" : "SpaceAfter=No";
      out << fmt::format("{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t_\t{}\n", i - s.token_begin + 1, form,
                         Or(t.lemma), Or(t.upos), Or(t.xpos), Or(t.feats), head, Or(t.deprel), misc);
    }
    out << '\n';
  }
}

void WriteParseJson(const Document& doc, std::ostream& out) {
  using nlohmann::json;
  json sentences = json::array();
  for (const Sentence& s : doc.sentences) {
    json tokens = json::array();
    for (uint32_t i = s.token_begin; i < s.token_end; ++i) {
      const Token& t = doc.tokens[i];
      json tok = {{"form", std::string(doc.Text(t.span))}, {"span", {t.span.begin, t.span.end}},
                  {"lemma", t.lemma}, {"norm", t.norm}};
      if (!t.upos.empty()) tok["upos"] = t.upos;
      if (!t.xpos.empty()) tok["xpos"] = t.xpos;
      if (!t.deprel.empty()) {
        tok["head"] = t.head;
        tok["deprel"] = t.deprel;
      }
      tokens.push_back(std::move(tok));
    }
    sentences.push_back({{"text", std::string(doc.Text(s.span))}, {"span", {s.span.begin, s.span.end}},
                         {"paragraph", s.paragraph}, {"tokens", tokens}});
  }
  json j = {{"id", doc.id}, {"title", doc.title}, {"sentences", sentences}};
  out << j.dump(-1, ' ', false, json::error_handler_t::replace) << '\n';
}

}  // namespace dyad
