// TokenizeDocument: paragraphs, tokens and sentences of Document::text.

#include <string_view>
#include <vector>

#include "dyad/text.h"

namespace dyad {

void TokenizeDocument(Document& doc) {
  doc.paragraphs.clear();
  doc.sentences.clear();
  doc.tokens.clear();
  const std::string_view text = doc.text;
  if (text.size() > UINT32_MAX) return;  // spans are 32-bit; ingest caps sizes far below

  const std::vector<Span> paras = SplitParagraphs(text);
  Tokenizer tokenizer;
  SentenceSplitter splitter;
  std::vector<RawToken> raw;
  std::vector<SentenceBounds> bounds;
  raw.reserve(text.size() / 5 + 16);
  doc.paragraphs.reserve(paras.size());

  for (const Span& p : paras) {
    const uint32_t pi = static_cast<uint32_t>(doc.paragraphs.size());
    doc.paragraphs.push_back(Paragraph{p});
    const uint32_t first = static_cast<uint32_t>(raw.size());
    tokenizer.Tokenize(text, p.begin, p.end, raw);
    const uint32_t last = static_cast<uint32_t>(raw.size());
    if (first == last) continue;
    raw[first].flags |= kTokParagraphStart;
    bounds.clear();
    splitter.Split(text, raw, first, last, bounds);
    for (const SentenceBounds& b : bounds) {
      if (b.token_begin >= b.token_end) continue;
      Sentence s;
      s.span = Span{raw[b.token_begin].span.begin, raw[b.token_end - 1].span.end};
      s.token_begin = b.token_begin;
      s.token_end = b.token_end;
      s.paragraph = pi;
      doc.sentences.push_back(s);
    }
  }

  doc.tokens.resize(raw.size());
  for (size_t i = 0; i < raw.size(); ++i) {
    Token& t = doc.tokens[i];
    t.span = raw[i].span;
    t.flags = raw[i].flags;
    t.norm = FoldTypography(Slice(text, t.span));
    t.lower = Lowercase(t.norm);
  }
}

}  // namespace dyad
