// Cleaning pre-scraped text: keep the article, drop the page chrome.
//
// Input is the text of a web page as a scraper left it: title, outlet line,
// article paragraphs, then comment counters ("0 Comments"), "Loading", section
// labels ("LATEST CONTENT"), teaser lists of other articles, the same blocks
// repeated, and UI lines in another language. The cleaner splits the raw text
// into blocks (lines / paragraphs), classifies each, keeps the article and
// records every dropped block in Document::diagnostics with its reason.
// It also recovers title, site, genre and author byline where the text gives them.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "dyad/document.h"
#include "dyad/status.h"

namespace dyad {

struct TextBlock {
  Span raw_span;        // in the input
  std::string reason;   // empty = kept; else why dropped ("teaser", "ui-label", ...)
};

struct CleanResult {
  std::string text;      // kept blocks joined by blank lines
  std::string title;
  std::string site;
  std::string genre;
  std::string author;
  std::string language;  // ISO 639-1 of the article, from cld2 ("en"); "" if unknown
  std::vector<TextBlock> blocks;  // every block, kept or not, in input order
};

// Cleans raw pre-scraped text. Never fails on odd input: at worst it keeps
// everything. `known_title` (from JSONL metadata) helps find the title line.
CleanResult CleanPrescrapedText(std::string_view raw, std::string_view known_title = {});

// Language of a UTF-8 snippet by cld2 ("en", "es", ...); "" when unreliable.
std::string DetectLanguage(std::string_view text, bool* reliable = nullptr);

}  // namespace dyad
