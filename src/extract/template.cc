// Site templates: blocks that repeat across pages of one site (navigation,
// teaser lists, newsletter boxes, footers) are learned from a batch and
// removed even where the single-page heuristics kept them.
#include <unordered_set>

#include "dyad/extract.h"

namespace dyad {

void SiteTemplates::Observe(const std::string& host, const Extraction& page) {
  Site& s = sites_[host];
  ++s.pages;
  std::unordered_set<uint64_t> once;  // count each block once per page
  for (const ExtractedBlock& b : page.blocks) {
    if (b.text.size() < 2) continue;
    if (once.insert(b.hash).second) ++s.counts[b.hash];
  }
}

size_t SiteTemplates::pages(const std::string& host) const {
  auto it = sites_.find(host);
  return it == sites_.end() ? 0 : it->second.pages;
}

size_t SiteTemplates::Apply(const std::string& host, Extraction& page) const {
  auto it = sites_.find(host);
  if (it == sites_.end() || it->second.pages < min_pages_) return 0;
  const Site& s = it->second;
  std::vector<size_t> drop;
  size_t kept_chars = 0, drop_chars = 0;
  for (size_t i = 0; i < page.blocks.size(); ++i) {
    const ExtractedBlock& b = page.blocks[i];
    if (!b.reason.empty()) continue;
    kept_chars += b.text.size();
    auto c = s.counts.find(b.hash);
    if (c == s.counts.end()) continue;
    if (c->second >= min_pages_ && c->second * 2 >= s.pages) {
      drop.push_back(i);
      drop_chars += b.text.size();
    }
  }
  // Identical pages (the same article fetched twice) are not a template:
  // never remove most of a page.
  if (drop.empty() || drop_chars * 2 > kept_chars) return 0;
  for (size_t i : drop) page.blocks[i].reason = "template";
  page.RebuildText();
  return drop.size();
}

}  // namespace dyad
