// libFuzzer target: the CoNLL-U reader and the Document it builds must never
// crash, hang or break their invariants (spans inside the text, tokens inside
// sentences), whatever the bytes.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string_view>

#include "dyad/conllu.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  dyad::ConlluReadOptions options;
  options.max_words_per_sentence = 5000;
  auto sents = dyad::ParseConllu(in, options);
  if (!sents.ok()) return 0;
  auto docs = dyad::ConlluToDocuments(*sents, 16);
  for (const dyad::Document& d : docs) {
    for (const dyad::Token& t : d.tokens)
      if (t.span.end > d.text.size() || t.span.begin > t.span.end) std::abort();
    for (const dyad::Sentence& s : d.sentences)
      if (s.token_end > d.tokens.size() || s.token_begin > s.token_end || s.span.end > d.text.size()) std::abort();
  }
  std::ostringstream out;
  dyad::WriteConlluWithAnnotation(*sents, docs, out);
  auto again = dyad::ParseConllu(out.str(), options);
  if (!again.ok() || again->size() != sents->size()) std::abort();
  auto sc = dyad::ScoreConllu(*sents, *again);
  if (!sc.ok()) std::abort();
  return 0;
}
