// CoNLL-U: reading treebanks into Documents, writing annotated sentences back,
// and scoring a prediction against gold the way the CoNLL 2018 shared task does
// with gold tokenisation (LAS on the universal part of DEPREL, punctuation
// included).
//
// A file is kept line by line (comments, multiword-token ranges and empty
// nodes included) so that `dyad parse --input conllu` can write it back with
// only the predicted columns changed. ConlluToDocument rebuilds the text from
// FORM and SpaceAfter=No, so every word's span points at its form.
#pragma once

#include <array>
#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "dyad/document.h"
#include "dyad/status.h"

namespace dyad {

enum ConlluColumn { kColId = 0, kColForm, kColLemma, kColUpos, kColXpos, kColFeats,
                    kColHead, kColDeprel, kColDeps, kColMisc };

struct ConlluLine {
  enum Kind : uint8_t { kWord, kMultiword, kEmpty } kind = kWord;
  std::array<std::string, 10> cols;
  uint32_t first = 0, last = 0;  // multiword range (1-based word ids)
};

struct ConlluSentence {
  std::vector<std::string> comments;  // "# ..." lines, without the newline
  std::vector<ConlluLine> lines;      // in file order
  std::vector<uint32_t> words;        // indices into `lines` of the word lines, in order
  uint32_t line_no = 0;               // 1-based line of its first line in the file
  const ConlluLine& word(size_t i) const { return lines[words[i]]; }
  size_t size() const { return words.size(); }
  // Gold head of word i (0-based word index), -1 = root, -2 = unknown ("_").
  int Head(size_t i) const;
};

struct ConlluReadOptions {
  bool require_heads = false;     // HEAD must be an integer (gold files)
  size_t max_words_per_sentence = 100000;
  size_t max_line_bytes = 1u << 20;
};

// Parses CoNLL-U. Bad lines (wrong column count, bad ids, heads out of range,
// a sentence over the limits) return InvalidArgument "line N: ...".
// Blank-line runs and comment-only blocks without words are skipped.
Result<std::vector<ConlluSentence>> ParseConllu(std::string_view content,
                                                const ConlluReadOptions& options = {});
Result<std::vector<ConlluSentence>> ReadConlluFile(const std::string& path,
                                                   const ConlluReadOptions& options = {});

// Builds one Document from sentences[begin, end): text from FORM + SpaceAfter,
// paragraphs from "# newpar", one Token per word line (gold columns copied:
// lemma, upos, xpos, feats, head, deprel when present). Words of a multiword
// token get exact sub-spans when their forms spell the token, else the first
// word takes the token's span and the others an empty span after it; norm and
// lower always come from the word's FORM.
Document ConlluToDocument(const std::vector<ConlluSentence>& sentences, size_t begin, size_t end);
// All sentences, split into documents at "# newdoc" and at most
// max_sentences_per_doc sentences each (0 = no limit).
std::vector<Document> ConlluToDocuments(const std::vector<ConlluSentence>& sentences,
                                        size_t max_sentences_per_doc = 0);

// Writes sentences back, replacing LEMMA, UPOS, XPOS, HEAD, DEPREL of each word
// by the annotation of the matching token of the documents (in order) and
// clearing FEATS and DEPS (not predicted). Other lines are kept verbatim.
void WriteConlluWithAnnotation(const std::vector<ConlluSentence>& sentences,
                               const std::vector<Document>& docs, std::ostream& out);
void WriteConlluSentences(const std::vector<ConlluSentence>& sentences, std::ostream& out);

// CoNLL 2018 style scores on gold tokenisation.
struct ParseScores {
  size_t sentences = 0, words = 0;
  size_t upos = 0, xpos = 0, lemma = 0, uas = 0, las = 0;
  static double Pct(size_t n, size_t d) { return d ? 100.0 * double(n) / double(d) : 0.0; }
  double Upos() const { return Pct(upos, words); }
  double Xpos() const { return Pct(xpos, words); }
  double Lemma() const { return Pct(lemma, words); }
  double Uas() const { return Pct(uas, words); }
  double Las() const { return Pct(las, words); }
  size_t form_mismatches = 0;
  std::string first_form_mismatch;
};
// Fails (InvalidArgument) when sentence or word counts differ, naming the
// first mismatching sentence.
Result<ParseScores> ScoreConllu(const std::vector<ConlluSentence>& gold,
                                const std::vector<ConlluSentence>& pred);
// The universal part of a relation: "nsubj:pass" -> "nsubj".
std::string_view UniversalRelation(std::string_view deprel);

}  // namespace dyad
