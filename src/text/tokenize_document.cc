// TokenizeDocument: paragraphs, tokens and sentences of Document::text.

#include <fmt/format.h>

#include <algorithm>
#include <string_view>
#include <vector>

#include "dyad/text.h"

namespace dyad {

namespace {

// Where to end a piece of an over-long sentence that starts at token `begin`:
// after the last ';', ':', ',' or dash in the second half of the window, else
// at the window's end. Looks back at most kMaxSentenceTokens / 2 tokens, and
// every piece is at least that long, so cutting is linear.
uint32_t CutPoint(std::string_view text, const std::vector<RawToken>& raw, uint32_t begin) {
  const uint32_t limit = begin + kMaxSentenceTokens;
  for (uint32_t j = limit - 1; j >= begin + kMaxSentenceTokens / 2; --j) {
    if (!(raw[j].flags & kTokPunct)) continue;
    const std::string_view s = Slice(text, raw[j].span);
    if (s == ";" || s == ":" || s == "," || s == "-" || s == "--" || s == "\xE2\x80\x94" ||
        s == "\xE2\x80\x93")
      return j + 1;
  }
  return limit;
}

// Appends sentence [b, e) of paragraph pi to doc, cut into pieces of at most
// kMaxSentenceTokens tokens.
void AddSentence(Document& doc, const std::vector<RawToken>& raw, uint32_t b, uint32_t e, uint32_t pi) {
  const std::string_view text = doc.text;
  auto add = [&](uint32_t tb, uint32_t te) {
    Sentence s;
    s.span = Span{raw[tb].span.begin, raw[te - 1].span.end};
    s.token_begin = tb;
    s.token_end = te;
    s.paragraph = pi;
    doc.sentences.push_back(s);
  };
  if (e - b <= kMaxSentenceTokens) {
    add(b, e);
    return;
  }
  size_t pieces = 0;
  uint32_t p = b;
  while (e - p > kMaxSentenceTokens) {
    const uint32_t cut = CutPoint(text, raw, p);
    add(p, cut);
    p = cut;
    ++pieces;
  }
  add(p, e);
  ++pieces;
  const Span span{raw[b].span.begin, raw[e - 1].span.end};
  size_t n = std::min<size_t>(span.size(), 60);  // an excerpt, cut on a code point boundary
  while (n > 0 && n < span.size() && (static_cast<unsigned char>(text[span.begin + n]) & 0xC0) == 0x80) --n;
  const std::string_view head = text.substr(span.begin, n);
  doc.Note(Severity::kWarning, "tokenize", "long-sentence", Span{},
           fmt::format("a sentence of {} tokens (text bytes {}-{}) was cut into {} pieces of at most {} tokens: {}...",
                       e - b, span.begin, span.end, pieces, kMaxSentenceTokens, head));
}

}  // namespace

void TokenizeDocument(Document& doc) {
  doc.paragraphs.clear();
  doc.sentences.clear();
  doc.tokens.clear();
  std::erase_if(doc.diagnostics, [](const Diagnostic& d) { return d.stage == "tokenize"; });
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
      AddSentence(doc, raw, b.token_begin, b.token_end, pi);
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
