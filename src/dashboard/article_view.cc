// The boilerplate removed from a stored article, recomputed from its raw
// bytes: the cleaner (pre-scraped text) and the extractor (HTML) are
// deterministic, so running them again gives the blocks and reasons of the
// ingest, without storing them.
#include <algorithm>

#include "dyad/clean.h"
#include "dyad/dashboard.h"
#include "dyad/extract.h"

namespace dyad {

namespace {

std::string_view TrimView(std::string_view s) {
  while (!s.empty() && static_cast<unsigned char>(s.front()) <= ' ') s.remove_prefix(1);
  while (!s.empty() && static_cast<unsigned char>(s.back()) <= ' ') s.remove_suffix(1);
  return s;
}

// Walks the blocks in page order beside the article text: a kept block found
// in the text moves the position on; a dropped one (or a kept one the text
// does not hold) is reported at the current position.
class Placer {
 public:
  explicit Placer(std::string_view text) : text_(text) {}

  void Kept(std::string_view block, const char* reason_if_missing) {
    block = TrimView(block);
    if (block.empty()) return;
    std::string_view probe = block.substr(0, std::min<size_t>(block.size(), 64));
    size_t at = text_.find(probe, pos_);
    if (at == std::string_view::npos) {
      Removed(reason_if_missing, block);
      return;
    }
    pos_ = std::min(text_.size(), at + block.size());
  }

  void Removed(std::string_view reason, std::string_view block) {
    block = TrimView(block);
    if (block.empty()) return;
    out_.push_back(RemovedBlock{static_cast<uint32_t>(pos_), std::string(reason), std::string(block)});
  }

  std::vector<RemovedBlock> Take() { return std::move(out_); }

 private:
  std::string_view text_;
  size_t pos_ = 0;
  std::vector<RemovedBlock> out_;
};

}  // namespace

std::vector<RemovedBlock> RemovedBlocks(const Document& doc) {
  if (doc.raw.empty() || doc.raw == doc.text) return {};
  Placer placer(doc.text);
  std::string_view head = std::string_view(doc.raw).substr(0, 1024);
  if (LooksLikeHtml(head)) {
    ExtractOptions options;
    options.url = doc.url;
    auto extraction = ExtractArticle(doc.raw, options);
    if (!extraction.ok()) return {};
    for (const ExtractedBlock& b : extraction->blocks) {
      if (b.reason.empty()) placer.Kept(b.text, "template");
      else placer.Removed(b.reason, b.text);
    }
    return placer.Take();
  }
  CleanResult clean = CleanPrescrapedText(doc.raw, doc.title);
  for (const TextBlock& b : clean.blocks) {
    std::string_view block = Slice(doc.raw, b.raw_span);
    if (b.reason.empty()) placer.Kept(block, "not-in-text");
    else placer.Removed(b.reason, block);
  }
  return placer.Take();
}

}  // namespace dyad
