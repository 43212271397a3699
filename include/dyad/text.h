// Text: UTF-8 helpers, tokenisation and sentence splitting for news English.
//
// The tokeniser works on byte spans and never copies the text; spans are
// exact, so text.substr(span) is always the surface form. It handles
// abbreviations (U.S., Jan., Gen., Mr.), curly quotes and apostrophes,
// clitics ("Iraq's" -> Iraq + 's, "don't" -> do + n't, as in UD/PTB), dashes,
// numbers, dates, URLs and e-mail addresses.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "dyad/document.h"
#include "dyad/status.h"

namespace dyad {

// UTF-8 ----------------------------------------------------------------------

// True when s is well-formed UTF-8 (no overlongs, no surrogates, <= U+10FFFF).
bool IsValidUtf8(std::string_view s);
// Replaces each invalid sequence by U+FFFD; returns how many were replaced.
size_t RepairUtf8(std::string& s);
// Decodes one code point at s[i]; advances i. Invalid bytes decode as U+FFFD, one byte each.
char32_t DecodeUtf8(std::string_view s, size_t& i);
void AppendUtf8(std::string& out, char32_t cp);

// Typographic folding: curly quotes/apostrophes to ASCII, dashes to '-', NBSP to space.
std::string FoldTypography(std::string_view s);
// Lower-cases ASCII and common Latin letters (via utf8proc).
std::string Lowercase(std::string_view s);

// Tokenisation -----------------------------------------------------------------

struct RawToken {
  Span span;
  uint16_t flags = 0;  // TokenFlag bits
};

struct SentenceBounds {
  uint32_t token_begin = 0;  // into the token vector
  uint32_t token_end = 0;
};

class Tokenizer {
 public:
  // Appends the tokens of text[begin, end) to out; offsets are absolute in text.
  void Tokenize(std::string_view text, uint32_t begin, uint32_t end,
                std::vector<RawToken>& out) const;
  void Tokenize(std::string_view text, std::vector<RawToken>& out) const {
    Tokenize(text, 0, static_cast<uint32_t>(text.size()), out);
  }
};

class SentenceSplitter {
 public:
  // Splits tokens[first, last) (one paragraph) into sentences; appends to out.
  void Split(std::string_view text, const std::vector<RawToken>& tokens, uint32_t first,
             uint32_t last, std::vector<SentenceBounds>& out) const;
};

// True for "Mr", "Jan", "Gen", "U.S" ... (the word before the final period).
bool IsKnownAbbreviation(std::string_view word_without_final_period);

// Paragraphs are separated by blank lines (or a single newline when the text
// has no blank lines at all). Returns spans of non-empty paragraphs, trimmed.
std::vector<Span> SplitParagraphs(std::string_view text);

// A lemma for a lower-cased word without knowing its part of speech: irregular
// forms from a table ("held" -> "hold", "forces" -> "force", "talks" -> "talk"),
// then suffix rules. The trained lemmatiser replaces this; patterns match lemmas.
std::string GuessLemma(std::string_view lower_word);

// The longest sentence, in tokens, that later stages see. News sentences stay
// far below it (the longest of 588 local news articles has 122 tokens, of UD
// EWT 159); a longer run of tokens (a page without punctuation, a list, an
// attack) is cut into pieces of at most this many tokens, preferably after
// ';', ':' or ','. Every stage after the tokeniser is linear in the number of
// sentences times a cost bounded by this constant (docs/architecture.md).
inline constexpr uint32_t kMaxSentenceTokens = 256;

// Fills doc.paragraphs, doc.sentences and doc.tokens (span, norm, lower, flags)
// from doc.text. Sentences longer than kMaxSentenceTokens are cut, and each
// cut is noted as a diagnostic of stage "tokenize", reason "long-sentence".
void TokenizeDocument(Document& doc);

}  // namespace dyad
