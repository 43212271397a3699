#include <gtest/gtest.h>

#include <string>

#include "dyad/text.h"

namespace dyad {
namespace {

TEST(Utf8Test, Validity) {
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("plain ASCII text, long enough to use the fast path"));
  EXPECT_TRUE(IsValidUtf8("caf\xC3\xA9 \xE2\x80\x9Cq\xE2\x80\x9D \xF0\x9F\x98\x80"));
  EXPECT_TRUE(IsValidUtf8("\xF4\x8F\xBF\xBF"));           // U+10FFFF
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));                  // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xE0\x80\xAF"));              // overlong
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));              // surrogate
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));          // > U+10FFFF
  EXPECT_FALSE(IsValidUtf8("abc\xE2\x80"));               // truncated
  EXPECT_FALSE(IsValidUtf8("\x80"));                      // lone continuation
  EXPECT_FALSE(IsValidUtf8("\xFF"));
  EXPECT_FALSE(IsValidUtf8("12345678\xC3"));              // after the 8-byte fast path
}

TEST(Utf8Test, Repair) {
  std::string ok = "caf\xC3\xA9";
  EXPECT_EQ(RepairUtf8(ok), 0u);
  EXPECT_EQ(ok, "caf\xC3\xA9");
  std::string bad = "a\xFF" "b\xE2\x80" "c\xED\xA0\x80";
  const size_t n = RepairUtf8(bad);
  EXPECT_TRUE(IsValidUtf8(bad));
  // \xFF -> 1; truncated \xE2\x80 -> 1 (maximal subpart); surrogate -> 3 bytes, 3 replacements.
  EXPECT_EQ(n, 5u);
  EXPECT_EQ(bad, "a\xEF\xBF\xBD" "b\xEF\xBF\xBD" "c\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
}

TEST(Utf8Test, Decode) {
  const std::string s = "A\xC3\xA9\xE2\x80\x94\xF0\x9F\x98\x80\xFFz";
  size_t i = 0;
  EXPECT_EQ(DecodeUtf8(s, i), U'A');
  EXPECT_EQ(i, 1u);
  EXPECT_EQ(DecodeUtf8(s, i), U'\u00E9');
  EXPECT_EQ(DecodeUtf8(s, i), U'\u2014');
  EXPECT_EQ(DecodeUtf8(s, i), U'\U0001F600');
  EXPECT_EQ(DecodeUtf8(s, i), U'\uFFFD');
  EXPECT_EQ(i, s.size() - 1);  // one byte per invalid byte
  EXPECT_EQ(DecodeUtf8(s, i), U'z');
  EXPECT_EQ(i, s.size());
  const std::string trunc = "\xE2\x80";
  i = 0;
  EXPECT_EQ(DecodeUtf8(trunc, i), U'\uFFFD');
  EXPECT_EQ(i, 1u);
}

TEST(Utf8Test, AppendRoundTrip) {
  for (char32_t cp : {U'\0', U'a', U'\u00E9', U'\u07FF', U'\u0800', U'\u2019', U'\uFFFF',
                      U'\U00010000', U'\U0010FFFF'}) {
    std::string s;
    AppendUtf8(s, cp);
    size_t i = 0;
    EXPECT_EQ(DecodeUtf8(s, i), cp);
    EXPECT_EQ(i, s.size());
  }
  std::string s;
  AppendUtf8(s, 0xD800);  // a surrogate cannot be encoded
  EXPECT_EQ(s, "\xEF\xBF\xBD");
}

TEST(Utf8Test, FoldTypography) {
  EXPECT_EQ(FoldTypography("plain"), "plain");
  EXPECT_EQ(FoldTypography("\xE2\x80\x9CWashington\xE2\x80\x99s\xE2\x80\x9D"), "\"Washington's\"");
  EXPECT_EQ(FoldTypography("\xE2\x80\x98x\xE2\x80\x99"), "'x'");
  EXPECT_EQ(FoldTypography("a\xE2\x80\x93" "b\xE2\x80\x94" "c"), "a-b-c");
  EXPECT_EQ(FoldTypography("New\xC2\xA0York"), "New York");
  EXPECT_EQ(FoldTypography("wait\xE2\x80\xA6"), "wait...");
  EXPECT_EQ(FoldTypography("caf\xC3\xA9"), "caf\xC3\xA9");
  EXPECT_EQ(FoldTypography("bad\xFF"), "bad\xFF");
}

TEST(Utf8Test, Lowercase) {
  EXPECT_EQ(Lowercase("Iraq ISIS"), "iraq isis");
  EXPECT_EQ(Lowercase("\xC3\x89TAT"), "\xC3\xA9tat");          // ÉTAT
  EXPECT_EQ(Lowercase("ERDO\xC4\x9E" "AN"), "erdo\xC4\x9F" "an");  // Ğ -> ğ
  EXPECT_EQ(Lowercase("\xCE\x91\xCE\x98"), "\xCE\xB1\xCE\xB8");    // Greek
  EXPECT_EQ(Lowercase("A\xFF" "B"), "a\xFF" "b");                 // invalid byte kept
  EXPECT_EQ(Lowercase(""), "");
}

}  // namespace
}  // namespace dyad
