// Hostile inputs (issue 14): every stage stays linear in the input and
// memory stays bounded, whatever the shape of the text. Each test is named
// after the finding it guards. The ratio test runs the default pipeline, with
// the models, on two sizes of each pathological input and compares the time
// per byte; it never asserts an absolute time (bench/pathological.sh measures).
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <ctime>
#include <functional>
#include <string>

#include "dyad/events.h"
#include "dyad/ingest.h"
#include "dyad/pipeline.h"
#include "dyad/text.h"
#include "test_util.h"

namespace dyad {
namespace {

// The pathological inputs of issue 14, generated at any size.
std::string Repeat(std::string_view unit, size_t bytes) {
  std::string s;
  s.reserve(bytes + unit.size());
  while (s.size() < bytes) s += unit;
  return s;
}
std::string GreeceAccusedTurkey(size_t bytes) { return Repeat("Greece accused Turkey and ", bytes) + "Greece."; }
std::string CapitalisedWords(size_t bytes) {
  // No punctuation at all: one "sentence" of names, some of them actors.
  return Repeat("Alpha Bravo Greece Charlie Delta President Echo Foxtrot Minister Golf Hotel Turkey ", bytes);
}
std::string NestedParentheses(size_t bytes) {
  return std::string(bytes / 2, '(') + "Greece accused Turkey" + std::string(bytes / 2, ')');
}
// News-like paragraphs, varied so that the cleaner keeps them (it drops
// repeated blocks), from a fixed seed.
std::string NormalNews(size_t bytes) {
  static const char* kActors[] = {"Greece", "Turkey", "Iraq", "the United States", "France",
                                  "Mali", "Niger", "Russia", "Ukraine", "Egypt"};
  static const char* kPlaces[] = {"Ankara", "Athens", "Baghdad", "Bamako", "Niamey", "Kyiv", "Cairo", "Paris"};
  static const char* kDays[] = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};
  static const char* kTemplates[] = {
      "{a} and {b} held talks in {p} on {d} about the disputed border, the foreign ministry said.",
      "The defence minister of {a} accused {b} of violating the ceasefire near {p} on {d}.",
      "Officials from {a} said a delegation would travel to {p} next week to meet envoys from {b}.",
      "{a} condemned an attack on a convoy outside {p} that killed {n} people, and demanded that {b} act.",
      "Talks between {a} and {b} ended on {d} without an agreement, according to a spokesman in {p}.",
      "{a} announced it would withdraw {n} troops from {b} by the end of the year.",
  };
  uint64_t state = 14;
  auto next = [&](uint64_t n) {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<size_t>((state >> 33) % n);
  };
  std::string out;
  while (out.size() < bytes) {
    for (size_t k = 0, sentences = 2 + next(4); k < sentences; ++k) {
      size_t a = next(10), b = (a + 1 + next(9)) % 10;
      std::string s = kTemplates[next(6)];
      auto put = [&](std::string_view key, const std::string& v) {
        for (size_t at; (at = s.find(key)) != std::string::npos;) s.replace(at, key.size(), v);
      };
      put("{a}", kActors[a]);
      put("{b}", kActors[b]);
      put("{p}", kPlaces[next(8)]);
      put("{d}", kDays[next(7)]);
      put("{n}", std::to_string(2 + next(900)));
      s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
      out += s + (k + 1 < sentences ? " " : "\n\n");
    }
  }
  return out;
}

double ThreadCpuSeconds() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

Document Tokenized(std::string text) {
  Document doc;
  doc.text = std::move(text);
  TokenizeDocument(doc);
  return doc;
}

// Finding 2: one 200 KB sentence took 42 s, because the coder is superlinear
// in sentence length. The tokenizer now cuts it into bounded pieces, so the
// tagger, parser, actors, events and any later stage never see a longer one.
TEST(HostileInputTest, Finding2_GreeceAccusedTurkeySentenceIsCutIntoBoundedPieces) {
  Document doc = Tokenized(GreeceAccusedTurkey(200 * 1024));
  ASSERT_GT(doc.tokens.size(), 30000u);
  ASSERT_GT(doc.sentences.size(), doc.tokens.size() / kMaxSentenceTokens);
  uint32_t next = 0;
  for (const Sentence& s : doc.sentences) {
    EXPECT_LE(s.size(), kMaxSentenceTokens);
    EXPECT_EQ(s.token_begin, next);  // pieces cover every token, in order
    next = s.token_end;
  }
  EXPECT_EQ(next, doc.tokens.size());
  ASSERT_EQ(doc.diagnostics.size(), 1u);  // said once, in --explain
  EXPECT_EQ(doc.diagnostics[0].stage, "tokenize");
  EXPECT_EQ(doc.diagnostics[0].reason, "long-sentence");
  EXPECT_NE(doc.diagnostics[0].excerpt.find("was cut into"), std::string::npos);
}

TEST(HostileInputTest, Finding2_LongSentencesArePreferablyCutAfterACommaOrSemicolon) {
  std::string text;
  for (int i = 0; i < 100; ++i) text += "the talks went on and on, ";
  text += "and ended.";
  Document doc = Tokenized(text);
  ASSERT_GT(doc.sentences.size(), 1u);
  for (size_t k = 0; k + 1 < doc.sentences.size(); ++k)
    EXPECT_EQ(doc.Text(doc.tokens[doc.sentences[k].token_end - 1].span), ",");
}

TEST(HostileInputTest, Finding2_NewsSentencesAreNotCut) {
  Document doc = Tokenized(NormalNews(64 * 1024));
  EXPECT_TRUE(doc.diagnostics.empty());
}

// Finding 3: 8 MB of nested parentheses took 3.97 GB, one ~250-byte Token
// per byte. A run of one repeated punctuation character is one token.
TEST(HostileInputTest, Finding3_NestedParenthesesAreAFewTokens) {
  Document doc = Tokenized(NestedParentheses(1 << 20));
  EXPECT_EQ(doc.tokens.size(), 5u);  // "((((...", Greece, accused, Turkey, "...))))"
  // Short runs are still separate tokens: "(see (a))".
  EXPECT_EQ(Tokenized("(see (a))").tokens.size(), 6u);
}

// Finding 2: the coder multiplies coordinated actors; a sentence gives at most
// kMaxEventsPerSentence events, and the cap is said in --explain.
TEST(HostileInputTest, Finding2_EventsPerSentenceAreCapped) {
  std::string text = "Greece";
  for (const char* c : {"Turkey", "Cyprus", "Egypt", "Libya", "Syria", "Iraq", "Iran", "Israel", "Jordan",
                        "Lebanon", "Yemen", "Oman", "Qatar", "Kuwait", "Sudan", "Chad", "Niger", "Mali"})
    text += std::string(" and ") + c;
  text += " accused France, Germany, Italy, Spain, Portugal, Poland, Austria, Hungary and Romania.";
  auto doc = testing::CodeText(text, "2024-01-27", false, false);
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  EXPECT_EQ(doc->events.size(), kMaxEventsPerSentence);
  EXPECT_TRUE(std::any_of(doc->diagnostics.begin(), doc->diagnostics.end(),
                          [](const Diagnostic& d) { return d.reason == "event-cap"; }));
}

// Pattern back-off: every '*' gap tries up to 5 skips, so a pattern's cost is
// 5^gaps; patterns are limited to kMaxPatternGaps gaps.
TEST(HostileInputTest, PatternWithTooManyGapsIsRefused) {
  PatternDictionary d;
  Status s = d.AddText("@dyad-patterns 1\n[046 Negotiate]\nverb: a * b * c * d * e * f\n", "p.txt");
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("gaps"), std::string::npos);
  PatternDictionary ok;
  EXPECT_TRUE(ok.AddText("@dyad-patterns 1\n[046 Negotiate]\nverb: a * b * c * d * e\n", "p.txt").ok());
}

// The ratio test: time per byte of the default pipeline on a large input stays
// near that on a small one (20x the size). A quadratic stage gives ~20x the
// per-byte time; the bound (3x) leaves room for a loaded machine and caches.
TEST(HostileInputTest, PathologicalInputsStayLinearThroughTheDefaultPipeline) {
  auto pipeline = Pipeline::Build(Pipeline::kDefaultSpec, testing::DataDir());
  ASSERT_TRUE(pipeline.ok()) << pipeline.status().ToString();
  PipelineScratch scratch = pipeline->NewScratch();
#ifdef DYAD_SANITIZED
  const size_t kSmall = 4 * 1024;
#else
  const size_t kSmall = 20 * 1024;
#endif
  const size_t kLarge = 20 * kSmall;
  // CPU seconds per run (CPU time, not wall time: other jobs on a shared CI
  // machine must not make it fail): the best of `batches` batches, each repeated until it
  // lasts 30 ms, so that a small input's time is not lost in clock noise.
  auto seconds = [&](const std::string& text, int batches) {
    double best = 1e30;
    for (int b = 0; b < batches; ++b) {
      double total = 0;
      int runs = 0;
      while (total < 0.03 || runs == 0) {
        auto doc = DocumentFromText(text, "test", ReadOptions());
        EXPECT_TRUE(doc.ok());
        if (!doc.ok()) return 0.0;
        const double t0 = ThreadCpuSeconds();
        Status s = pipeline->Run(*doc, scratch);
        total += ThreadCpuSeconds() - t0;
        ++runs;
        EXPECT_TRUE(s.ok()) << s.ToString();
      }
      best = std::min(best, total / runs);
    }
    return best;
  };
  const std::pair<const char*, std::function<std::string(size_t)>> inputs[] = {
      {"greece", GreeceAccusedTurkey},
      {"capitalised words", CapitalisedWords},
      {"nested parentheses", NestedParentheses},
      {"news", NormalNews},
  };
  for (const auto& [name, make] : inputs) {
    const std::string small = make(kSmall), large = make(kLarge);
    const double ts = seconds(small, 3);
    const double tl = seconds(large, 1);
    const double per_byte_ratio = (tl / large.size()) / (ts / small.size());
    EXPECT_LT(per_byte_ratio, 3.0) << name << ": " << small.size() << " bytes in " << ts << " s, "
                                   << large.size() << " bytes in " << tl << " s";
    RecordProperty(std::string(name) + " per-byte ratio", std::to_string(per_byte_ratio));
  }
}

}  // namespace
}  // namespace dyad
