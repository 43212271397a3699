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

std::vector<RawToken> Raw(std::string_view text) {
  std::vector<RawToken> out;
  Tokenizer().Tokenize(text, out);
  return out;
}

std::vector<std::string> Toks(std::string_view text) {
  std::vector<std::string> out;
  for (const RawToken& t : Raw(text)) out.emplace_back(Slice(text, t.span));
  return out;
}

// Every span is in range, ordered, non-overlapping, non-empty, and holds no whitespace.
void ExpectWellFormed(std::string_view text, const std::vector<RawToken>& toks) {
  uint32_t prev_end = 0;
  for (const RawToken& t : toks) {
    ASSERT_LT(t.span.begin, t.span.end);
    ASSERT_LE(t.span.end, text.size());
    ASSERT_GE(t.span.begin, prev_end);
    prev_end = t.span.end;
    const std::string_view s = Slice(text, t.span);
    for (char c : s) ASSERT_FALSE(c == ' ' || c == '\n' || c == '\t' || c == '\r') << s;
    ASSERT_EQ(s.find("\xC2\xA0"), std::string_view::npos) << s;
  }
}

TEST(TokenizerTest, EmptyAndWhitespaceOnly) {
  EXPECT_TRUE(Raw("").empty());
  EXPECT_TRUE(Raw("   \n\t \r\n").empty());
  EXPECT_TRUE(Raw("\xC2\xA0\xE2\x80\x89\xE3\x80\x80").empty());  // NBSP, thin space, ideographic
}

TEST(TokenizerTest, SpansAreExactAndOffsetsAbsolute) {
  const std::string text = "xx Hello, world! yy";
  std::vector<RawToken> out;
  Tokenizer().Tokenize(text, 3, 16, out);
  ASSERT_EQ(out.size(), 4u);
  EXPECT_EQ(out[0].span, (Span{3, 8}));
  EXPECT_EQ(Slice(text, out[1].span), ",");
  EXPECT_EQ(Slice(text, out[3].span), "!");
  ExpectWellFormed(text, out);
}

TEST(TokenizerTest, UnicodeSpacesSeparateTokens) {
  EXPECT_THAT(Toks("New\xC2\xA0York\xE2\x80\xAFtimes\xE2\x80\x8B"
                   "x"),
              ElementsAre("New", "York", "times", "x"));
}

TEST(TokenizerTest, SpaceAfterFlag) {
  const std::string text = "Hi, you.\nOk";
  auto t = Raw(text);
  ASSERT_EQ(t.size(), 5u);
  EXPECT_FALSE(t[0].flags & kTokSpaceAfter);  // "Hi" before ","
  EXPECT_TRUE(t[1].flags & kTokSpaceAfter);   // "," before " "
  EXPECT_FALSE(t[2].flags & kTokSpaceAfter);  // "you" before "."
  EXPECT_TRUE(t[3].flags & kTokSpaceAfter);   // "." before newline
  EXPECT_FALSE(t[4].flags & kTokSpaceAfter);  // end of text
}

TEST(TokenizerTest, Abbreviations) {
  EXPECT_THAT(Toks("the U.S. and U.K. met"), ElementsAre("the", "U.S.", "and", "U.K.", "met"));
  EXPECT_THAT(Toks("Mr. Mrs. Dr. Sen. Rep. Gov. Lt. Col. St. No. Gen. Inc. Ltd. Co. Corp."),
              ElementsAre("Mr.", "Mrs.", "Dr.", "Sen.", "Rep.", "Gov.", "Lt.", "Col.", "St.",
                          "No.", "Gen.", "Inc.", "Ltd.", "Co.", "Corp."));
  EXPECT_THAT(Toks("Jan. Feb. vs. etc. e.g. i.e. U.N. J. Smith"),
              ElementsAre("Jan.", "Feb.", "vs.", "etc.", "e.g.", "i.e.", "U.N.", "J.", "Smith"));
  auto t = Raw("Gen. Smith");
  EXPECT_TRUE(t[0].flags & kTokAbbrev);
  EXPECT_FALSE(t[1].flags & kTokAbbrev);
  // Unknown words do not keep the period; lower-case "no." is not "No.".
  EXPECT_THAT(Toks("He said no."), ElementsAre("He", "said", "no", "."));
  EXPECT_THAT(Toks("in Iraq."), ElementsAre("in", "Iraq", "."));
  EXPECT_THAT(Toks("U.S.-led forces"), ElementsAre("U.S.-led", "forces"));
  EXPECT_THAT(Toks("the U.S"), ElementsAre("the", "U.S"));
}

TEST(TokenizerTest, IsKnownAbbreviation) {
  EXPECT_TRUE(IsKnownAbbreviation("Mr"));
  EXPECT_TRUE(IsKnownAbbreviation("Jan"));
  EXPECT_TRUE(IsKnownAbbreviation("Gen"));
  EXPECT_TRUE(IsKnownAbbreviation("U.S"));
  EXPECT_TRUE(IsKnownAbbreviation("e.g"));
  EXPECT_TRUE(IsKnownAbbreviation("J"));
  EXPECT_FALSE(IsKnownAbbreviation("Iraq"));
  EXPECT_FALSE(IsKnownAbbreviation("no"));
  EXPECT_FALSE(IsKnownAbbreviation(""));
}

TEST(TokenizerTest, Clitics) {
  EXPECT_THAT(Toks("Iraq's army"), ElementsAre("Iraq", "'s", "army"));
  EXPECT_THAT(Toks("Washington\xE2\x80\x99s view"),
              ElementsAre("Washington", "\xE2\x80\x99s", "view"));
  EXPECT_THAT(Toks("don't can't won't"), ElementsAre("do", "n't", "ca", "n't", "wo", "n't"));
  EXPECT_THAT(Toks("I'm they're we've he'll she'd"),
              ElementsAre("I", "'m", "they", "'re", "we", "'ve", "he", "'ll", "she", "'d"));
  EXPECT_THAT(Toks("DON'T"), ElementsAre("DO", "N'T"));
  EXPECT_THAT(Toks("the officials' plan"), ElementsAre("the", "officials", "'", "plan"));
  EXPECT_THAT(Toks("the U.S.'s role"), ElementsAre("the", "U.S.", "'s", "role"));
  EXPECT_THAT(Toks("cannot"), ElementsAre("can", "not"));
  auto t = Raw("officials' plan");
  EXPECT_FALSE(t[1].flags & kTokQuote);  // possessive, not a quote
  EXPECT_TRUE(Raw("Iraq's")[1].flags & kTokWord);
}

TEST(TokenizerTest, ApostropheInsideName) {
  EXPECT_THAT(Toks("O\xE2\x80\x99"
                   "Brien and O'Neill"),
              ElementsAre("O\xE2\x80\x99"
                          "Brien",
                          "and", "O'Neill"));
  EXPECT_THAT(Toks("O'Brien's"), ElementsAre("O'Brien", "'s"));
}

TEST(TokenizerTest, Quotes) {
  const std::string text = "\xE2\x80\x9CWe will,\xE2\x80\x9D he said \"no\" and \xE2\x80\x98yes\xE2\x80\x99.";
  EXPECT_THAT(Toks(text), ElementsAre("\xE2\x80\x9C", "We", "will", ",", "\xE2\x80\x9D", "he",
                                      "said", "\"", "no", "\"", "and", "\xE2\x80\x98", "yes",
                                      "\xE2\x80\x99", "."));
  for (const RawToken& t : Raw(text)) {
    const std::string_view s = Slice(text, t.span);
    if (s == "\"" || s == "\xE2\x80\x9C" || s == "\xE2\x80\x9D" || s == "\xE2\x80\x98" ||
        s == "\xE2\x80\x99") {
      EXPECT_TRUE(t.flags & kTokQuote) << s;
      EXPECT_TRUE(t.flags & kTokPunct) << s;
    }
  }
  // A closing single quote after "s" inside a quotation is a quote, not a possessive.
  EXPECT_THAT(Toks("'no problems' here"), ElementsAre("'", "no", "problems", "'", "here"));
  EXPECT_TRUE(Raw("'no problems' here")[3].flags & kTokQuote);
  EXPECT_THAT(Toks("\xE2\x80\x98ISIS\xE2\x80\x99 fighters"),
              ElementsAre("\xE2\x80\x98", "ISIS", "\xE2\x80\x99", "fighters"));
}

TEST(TokenizerTest, Dashes) {
  EXPECT_THAT(Toks("Online\xE2\x80\x94"
                   "An"),
              ElementsAre("Online", "\xE2\x80\x94", "An"));
  EXPECT_THAT(Toks("Mohammadi \xE2\x80\x93 Expert"),
              ElementsAre("Mohammadi", "\xE2\x80\x93", "Expert"));
  EXPECT_THAT(Toks("war--and peace"), ElementsAre("war", "--", "and", "peace"));
  EXPECT_THAT(Toks("anti-ISIS full-fledged de-escalation 25-year"),
              ElementsAre("anti-ISIS", "full-fledged", "de-escalation", "25-year"));
  EXPECT_THAT(Toks("a - b"), ElementsAre("a", "-", "b"));
  EXPECT_THAT(Toks("pro- and anti-war"), ElementsAre("pro", "-", "and", "anti-war"));
}

TEST(TokenizerTest, Numbers) {
  EXPECT_THAT(Toks("1,000 3.5 2024-01-27 10:30"),
              ElementsAre("1,000", "3.5", "2024-01-27", "10:30"));
  EXPECT_THAT(Toks("25% $5 19th 4, 5."), ElementsAre("25", "%", "$", "5", "19th", "4", ",", "5", "."));
  EXPECT_THAT(Toks("1,000,000 people"), ElementsAre("1,000,000", "people"));
  EXPECT_THAT(Toks("in 2024."), ElementsAre("in", "2024", "."));
  EXPECT_THAT(Toks("1/27/2024"), ElementsAre("1/27/2024"));
  auto t = Raw("19th 1990s 25-year 7");
  EXPECT_TRUE(t[0].flags & kTokNumber);
  EXPECT_TRUE(t[1].flags & kTokNumber);
  EXPECT_TRUE(t[2].flags & kTokWord);
  EXPECT_TRUE(t[3].flags & kTokNumber);
}

TEST(TokenizerTest, UrlsAndEmails) {
  EXPECT_THAT(Toks("See https://example.com/a/b?x=1&y=2. Then"),
              ElementsAre("See", "https://example.com/a/b?x=1&y=2", ".", "Then"));
  EXPECT_THAT(Toks("(http://x.org/wiki/A_(b)), www.example.com/path."),
              ElementsAre("(", "http://x.org/wiki/A_(b)", ")", ",", "www.example.com/path", "."));
  EXPECT_THAT(Toks("write to name@example.org."),
              ElementsAre("write", "to", "name@example.org", "."));
  EXPECT_THAT(Toks("first.last+tag@mail.example.co.uk!"),
              ElementsAre("first.last+tag@mail.example.co.uk", "!"));
  EXPECT_THAT(Toks("on bbc.co.uk today"), ElementsAre("on", "bbc.co.uk", "today"));
  EXPECT_THAT(Toks("\xE2\x80\x9Chttp://a.com\xE2\x80\x9D"),
              ElementsAre("\xE2\x80\x9C", "http://a.com", "\xE2\x80\x9D"));
  auto t = Raw("http://a.com x@y.com");
  EXPECT_TRUE(t[0].flags & kTokUrl);
  EXPECT_TRUE(t[1].flags & kTokEmail);
  EXPECT_THAT(Toks("@user and a@b"), ElementsAre("@", "user", "and", "a", "@", "b"));
}

TEST(TokenizerTest, EllipsisAndBrackets) {
  EXPECT_THAT(Toks("wait... and\xE2\x80\xA6 (yes) [no]: a; b"),
              ElementsAre("wait", "...", "and", "\xE2\x80\xA6", "(", "yes", ")", "[", "no", "]",
                          ":", "a", ";", "b"));
  EXPECT_THAT(Toks("Really?! Yes!!"), ElementsAre("Really", "?!", "Yes", "!!"));
}

TEST(TokenizerTest, CaseFlags) {
  auto t = Raw("Iraq ISIS iraq I NATO-led \xC3\x89tat");
  EXPECT_TRUE(t[0].flags & kTokCapitalised);
  EXPECT_FALSE(t[0].flags & kTokAllCaps);
  EXPECT_TRUE(t[1].flags & kTokAllCaps);
  EXPECT_TRUE(t[1].flags & kTokCapitalised);
  EXPECT_FALSE(t[2].flags & kTokCapitalised);
  EXPECT_TRUE(t[3].flags & kTokCapitalised);
  EXPECT_FALSE(t[3].flags & kTokAllCaps);  // a single letter is not "all caps"
  EXPECT_FALSE(t[4].flags & kTokAllCaps);
  EXPECT_TRUE(t[5].flags & kTokCapitalised);  // É
}

TEST(TokenizerTest, NonAsciiWords) {
  EXPECT_THAT(Toks("Erdo\xC4\x9F"
                   "an visited S\xC3\xA3o Paulo"),
              ElementsAre("Erdo\xC4\x9F"
                          "an",
                          "visited", "S\xC3\xA3o", "Paulo"));
  EXPECT_THAT(Toks("\xD8\xA8\xD8\xBA\xD8\xAF\xD8\xA7\xD8\xAF, Iraq"),
              ElementsAre("\xD8\xA8\xD8\xBA\xD8\xAF\xD8\xA7\xD8\xAF", ",", "Iraq"));
  EXPECT_THAT(Toks("\xE2\x82\xAC" "5 \xC2\xA3" "3"), ElementsAre("\xE2\x82\xAC", "5", "\xC2\xA3", "3"));
}

TEST(TokenizerTest, InvalidUtf8DoesNotCrash) {
  const std::string text = "ab\xFF\xFE cd \xE2\x80 ef\xC3 \xF0\x9F\x98 g\x80h \xED\xA0\x80.";
  auto t = Raw(text);
  ExpectWellFormed(text, t);
  EXPECT_THAT(Toks(text), ElementsAre("ab\xFF\xFE", "cd", "\xE2\x80", "ef\xC3", "\xF0\x9F\x98",
                                      "g\x80h", "\xED\xA0\x80", "."));
  // Truncated sequence at the very end.
  const std::string tail = "word \xE2";
  EXPECT_THAT(Toks(tail), ElementsAre("word", "\xE2"));
}

TEST(TokenizerTest, ControlCharactersSeparate) {
  const std::string text = std::string("a\x01" "b\x7F" "c") + '\0' + "d\x1B";
  EXPECT_THAT(Toks(text), ElementsAre("a", "b", "c", "d"));
}

TEST(TokenizerTest, VeryLongToken) {
  const std::string word(10000, 'x');
  const std::string text = "a " + word + ". b";
  auto t = Raw(text);
  ASSERT_EQ(t.size(), 4u);
  EXPECT_EQ(t[1].span.size(), 10000u);
}

TEST(TokenizerTest, RandomBytesStayWellFormed) {
  uint64_t state = 88172645463325252ULL;
  std::string text;
  for (int i = 0; i < 200000; ++i) {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    text.push_back(static_cast<char>(state & 0xFF));
  }
  auto t = Raw(text);
  ExpectWellFormed(text, t);
  // The same bytes tokenised in two halves give a subset-consistent result.
  std::vector<RawToken> a;
  Tokenizer().Tokenize(text, 0, 100000, a);
  for (const RawToken& r : a) EXPECT_LE(r.span.end, 100000u);
}

// Linear time on pathological single-line inputs.
double SecondsToTokenize(const std::string& text, size_t* n) {
  const auto t0 = std::chrono::steady_clock::now();
  std::vector<RawToken> out;
  Tokenizer().Tokenize(text, out);
  *n = out.size();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

TEST(TokenizerTest, FiveMegabytesOfOneCharacterIsFast) {
  const size_t kSize = 5u << 20;
  for (char c : {'a', '.', '-', '\'', '@', '1', ',', '_', '/'}) {
    size_t n = 0;
    const double s = SecondsToTokenize(std::string(kSize, c), &n);
    EXPECT_LT(s, testing::TimeBudget(2.0)) << "char " << c;
    EXPECT_GE(n, 1u);
  }
}

TEST(TokenizerTest, PathologicalPatternsAreLinear) {
  const size_t kSize = 4u << 20;
  for (std::string unit : {"a.", "ab.", "ab.cd", "a-", "a'", "a@", "a.b@", "1,", "x.com.",
                           "U.S.", "www.", "aa'bb", "a_a.", "http://"}) {
    std::string text;
    while (text.size() < kSize) text += unit;
    size_t n = 0;
    const double s = SecondsToTokenize(text, &n);
    EXPECT_LT(s, testing::TimeBudget(3.0)) << "unit " << unit;
  }
}

}  // namespace
}  // namespace dyad
