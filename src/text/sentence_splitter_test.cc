#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "dyad/text.h"
#include "test_util.h"

namespace dyad {
namespace {

using ::testing::ElementsAre;

// Sentences of one paragraph, as surface strings from first to last token.
std::vector<std::string> Sents(std::string_view text) {
  std::vector<RawToken> toks;
  Tokenizer().Tokenize(text, toks);
  std::vector<SentenceBounds> b;
  SentenceSplitter().Split(text, toks, 0, static_cast<uint32_t>(toks.size()), b);
  std::vector<std::string> out;
  for (const auto& s : b) {
    out.emplace_back(text.substr(toks[s.token_begin].span.begin,
                                 toks[s.token_end - 1].span.end - toks[s.token_begin].span.begin));
  }
  return out;
}

std::vector<std::string> Paras(std::string_view text) {
  std::vector<std::string> out;
  for (const Span& s : SplitParagraphs(text)) out.emplace_back(Slice(text, s));
  return out;
}

TEST(SentenceSplitterTest, BasicTerminals) {
  EXPECT_THAT(Sents("It rained. Talks began! Did they agree? Yes."),
              ElementsAre("It rained.", "Talks began!", "Did they agree?", "Yes."));
}

TEST(SentenceSplitterTest, NoSplitAfterTitlesAndMonths) {
  EXPECT_THAT(Sents("Mr. Smith met Gen. Jones on Jan. 27 in St. Louis. Dr. Brown left."),
              ElementsAre("Mr. Smith met Gen. Jones on Jan. 27 in St. Louis.", "Dr. Brown left."));
  EXPECT_THAT(Sents("It was No. 3 on the list."), ElementsAre("It was No. 3 on the list."));
  EXPECT_THAT(Sents("Sen. Warren and Rep. Ocasio-Cortez spoke."),
              ElementsAre("Sen. Warren and Rep. Ocasio-Cortez spoke."));
}

TEST(SentenceSplitterTest, SentenceFinalAbbreviations) {
  EXPECT_THAT(Sents("He returned to the U.S. The next day he left."),
              ElementsAre("He returned to the U.S.", "The next day he left."));
  EXPECT_THAT(Sents("U.S. officials said the U.S. Army would stay."),
              ElementsAre("U.S. officials said the U.S. Army would stay."));
  EXPECT_THAT(Sents("It sold shares in Acme Inc. But the deal failed."),
              ElementsAre("It sold shares in Acme Inc.", "But the deal failed."));
  EXPECT_THAT(Sents("They bought apples, pears etc. Then they left."),
              ElementsAre("They bought apples, pears etc.", "Then they left."));
  EXPECT_THAT(Sents("the U.S. and the U.K. However, Iran refused."),
              ElementsAre("the U.S. and the U.K.", "However, Iran refused."));
  EXPECT_THAT(Sents("Ask J. Smith. He knows."), ElementsAre("Ask J. Smith.", "He knows."));
}

TEST(SentenceSplitterTest, ClosingQuotesStayWithTheSentence) {
  EXPECT_THAT(Sents("He said, \xE2\x80\x9CWe will stay.\xE2\x80\x9D Then he left."),
              ElementsAre("He said, \xE2\x80\x9CWe will stay.\xE2\x80\x9D", "Then he left."));
  EXPECT_THAT(Sents("He said \"no.\" She agreed."), ElementsAre("He said \"no.\"", "She agreed."));
  EXPECT_THAT(Sents("(It ended.) Then peace."), ElementsAre("(It ended.)", "Then peace."));
  EXPECT_THAT(Sents("\xE2\x80\x9CWhy?\xE2\x80\x9D he asked."),
              ElementsAre("\xE2\x80\x9CWhy?\xE2\x80\x9D he asked."));
  // A straight quote after a space opens the next sentence.
  EXPECT_THAT(Sents("It ended. \"Now we wait,\" he said."),
              ElementsAre("It ended.", "\"Now we wait,\" he said."));
}

TEST(SentenceSplitterTest, Ellipsis) {
  EXPECT_THAT(Sents("We waited\xE2\x80\xA6 Nothing came. And then... more came."),
              ElementsAre("We waited\xE2\x80\xA6", "Nothing came.", "And then... more came."));
}

TEST(SentenceSplitterTest, LowercaseAfterPeriodDoesNotSplit) {
  EXPECT_THAT(Sents("The vote was 5 to 3. and so on."), ElementsAre("The vote was 5 to 3. and so on."));
}

TEST(SentenceSplitterTest, UrlPeriodEndsSentence) {
  EXPECT_THAT(Sents("See https://example.com/x. It helps."),
              ElementsAre("See https://example.com/x.", "It helps."));
}

TEST(SentenceSplitterTest, TitleWithoutPunctuationIsOneSentence) {
  EXPECT_THAT(Sents("US\xE2\x80\x99s Real Approach to Iraq"),
              ElementsAre("US\xE2\x80\x99s Real Approach to Iraq"));
  EXPECT_THAT(Sents("First. Second without end"), ElementsAre("First.", "Second without end"));
}

TEST(SentenceSplitterTest, EmptyAndSubranges) {
  std::vector<RawToken> toks;
  std::vector<SentenceBounds> b;
  SentenceSplitter().Split("", toks, 0, 0, b);
  EXPECT_TRUE(b.empty());
  const std::string text = "A b. C d. E f.";
  Tokenizer().Tokenize(text, toks);
  SentenceSplitter().Split(text, toks, 3, 9, b);
  ASSERT_EQ(b.size(), 2u);
  EXPECT_EQ(b[0].token_begin, 3u);
  EXPECT_EQ(b[0].token_end, 6u);
  EXPECT_EQ(b[1].token_end, 9u);
  b.clear();
  SentenceSplitter().Split(text, toks, 0, 1000, b);  // last clamped
  EXPECT_EQ(b.back().token_end, toks.size());
}

TEST(SplitParagraphsTest, BlankLinesSeparate) {
  EXPECT_THAT(Paras("Title\n\nFirst line\nsame para.\n \t\nSecond.\n\n\n"),
              ElementsAre("Title", "First line\nsame para.", "Second."));
}

TEST(SplitParagraphsTest, SingleNewlinesWhenNoBlankLine) {
  EXPECT_THAT(Paras("  Line one.\nLine two.\r\n\nLine three?"),
              ElementsAre("Line one.\nLine two.", "Line three?"));
  EXPECT_THAT(Paras("Line one.\nLine two.\r\nLine three\n"),
              ElementsAre("Line one.", "Line two.", "Line three"));
  EXPECT_THAT(Paras("\n\nOnly one.\n\n"), ElementsAre("Only one."));
}

TEST(SplitParagraphsTest, EmptyAndTrimming) {
  EXPECT_TRUE(SplitParagraphs("").empty());
  EXPECT_TRUE(SplitParagraphs(" \n\t\n \xC2\xA0 \n").empty());
  EXPECT_THAT(Paras("\xC2\xA0 Hello world \xE2\x80\x83"), ElementsAre("Hello world"));
  EXPECT_THAT(Paras("one line"), ElementsAre("one line"));
}

TEST(TokenizeDocumentTest, FillsTokensSentencesParagraphs) {
  Document doc;
  doc.text =
      "US\xE2\x80\x99s Real Approach\n\nTalks began on Saturday, January 27. The U.S. "
      "\xE2\x80\x9Cwill leave,\xE2\x80\x9D Mr. Smith said.\nHe didn\xE2\x80\x99t say when.\n\n"
      "Online\xE2\x80\x94"
      "An end";
  TokenizeDocument(doc);
  ASSERT_EQ(doc.paragraphs.size(), 3u);
  ASSERT_EQ(doc.sentences.size(), 5u);
  EXPECT_EQ(doc.Text(doc.sentences[0].span), "US\xE2\x80\x99s Real Approach");
  EXPECT_EQ(doc.Text(doc.sentences[1].span), "Talks began on Saturday, January 27.");
  EXPECT_EQ(doc.Text(doc.sentences[2].span),
            "The U.S. \xE2\x80\x9Cwill leave,\xE2\x80\x9D Mr. Smith said.");
  EXPECT_EQ(doc.Text(doc.sentences[3].span), "He didn\xE2\x80\x99t say when.");
  EXPECT_EQ(doc.sentences[3].paragraph, 1u);
  EXPECT_EQ(doc.sentences[4].paragraph, 2u);
  // Sentences tile the token vector.
  uint32_t next = 0;
  for (const Sentence& s : doc.sentences) {
    EXPECT_EQ(s.token_begin, next);
    next = s.token_end;
    EXPECT_TRUE(doc.paragraphs[s.paragraph].span.Contains(s.span));
  }
  EXPECT_EQ(next, doc.tokens.size());
  // Token fields.
  const Token& us = doc.tokens[0];
  EXPECT_EQ(doc.Text(us.span), "US");
  EXPECT_TRUE(us.Has(kTokParagraphStart));
  EXPECT_TRUE(us.Has(kTokAllCaps));
  const Token& s = doc.tokens[1];
  EXPECT_EQ(doc.Text(s.span), "\xE2\x80\x99s");
  EXPECT_EQ(s.norm, "'s");
  EXPECT_EQ(s.lower, "'s");
  EXPECT_TRUE(doc.tokens[2].Has(kTokCapitalised));
  EXPECT_EQ(doc.tokens[2].lower, "real");
  EXPECT_TRUE(doc.tokens[3].Has(kTokSpaceAfter));  // "Approach" before newline
  EXPECT_TRUE(doc.tokens[4].Has(kTokParagraphStart));
  EXPECT_FALSE(doc.tokens[5].Has(kTokParagraphStart));
  EXPECT_TRUE(doc.tokens[5].lemma.empty());
  bool saw_dash = false, saw_nt = false;
  for (const Token& t : doc.tokens) {
    if (doc.Text(t.span) == "\xE2\x80\x94") {
      saw_dash = true;
      EXPECT_EQ(t.norm, "-");
    }
    if (doc.Text(t.span) == "n\xE2\x80\x99t") {
      saw_nt = true;
      EXPECT_EQ(t.lower, "n't");
    }
  }
  EXPECT_TRUE(saw_dash);
  EXPECT_TRUE(saw_nt);
}

TEST(TokenizeDocumentTest, EmptyAndRepeatedCalls) {
  Document doc;
  TokenizeDocument(doc);
  EXPECT_TRUE(doc.tokens.empty());
  EXPECT_TRUE(doc.sentences.empty());
  EXPECT_TRUE(doc.paragraphs.empty());
  doc.text = "One. Two.";
  TokenizeDocument(doc);
  TokenizeDocument(doc);
  EXPECT_EQ(doc.sentences.size(), 2u);
  EXPECT_EQ(doc.tokens.size(), 4u);
}

TEST(TokenizeDocumentTest, LongSingleLineIsLinear) {
  std::string unit = "The U.S. said on Jan. 27 that talks\xE2\x80\x94held in Baghdad\xE2\x80\x94will go on. ";
  std::string text;
  while (text.size() < (8u << 20)) text += unit;
  Document doc;
  doc.text = text;
  const auto t0 = std::chrono::steady_clock::now();
  TokenizeDocument(doc);
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  EXPECT_LT(s, testing::TimeBudget(10.0));
  EXPECT_EQ(doc.paragraphs.size(), 1u);
  EXPECT_GT(doc.sentences.size(), 100000u);
}

}  // namespace
}  // namespace dyad
