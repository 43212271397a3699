// The HTML tokenizer / tree builder, entities and charsets.
#include <gtest/gtest.h>

#include <string>

#include "dyad/extract.h"

namespace dyad {
namespace {

uint32_t Find(const HtmlTree& t, uint8_t tag, size_t nth = 0) {
  for (uint32_t i = 0; i < t.nodes().size(); ++i)
    if (t.node(i).tag == tag && nth-- == 0) return i;
  return HtmlNode::kNone;
}

TEST(HtmlTree, ImpliedEndTagsAndVoids) {
  HtmlTree t = HtmlTree::Parse("<p>one<p>two<div>x</div><ul><li>a<li>b</ul><br><img src=x>tail");
  uint32_t p1 = Find(t, kTag_p, 0), p2 = Find(t, kTag_p, 1);
  ASSERT_NE(p1, HtmlNode::kNone);
  ASSERT_NE(p2, HtmlNode::kNone);
  EXPECT_EQ(t.node(p2).parent, t.node(p1).parent);  // the second <p> closed the first
  uint32_t li2 = Find(t, kTag_li, 1);
  EXPECT_EQ(t.node(li2).parent, Find(t, kTag_ul));
  EXPECT_EQ(t.InnerText(HtmlTree::root()), "one two x a b tail");
}

TEST(HtmlTree, AttributesEntitiesRawText) {
  HtmlTree t = HtmlTree::Parse(
      "<div class=\"a&amp;b\" ID='main' hidden data-x=1><script>if (a<b) {}</script>"
      "<script type=\"application/ld+json\">{\"a\":1}</script><style>p{}</style>"
      "<p>x &lt; y &amp;&amp; &eacute;&#233;&#xE9;</p><!-- <p>no</p> --></div>");
  uint32_t d = Find(t, kTag_div);
  EXPECT_EQ(t.Attr(d, kAttrClass), "a&b");
  EXPECT_EQ(t.Attr(d, kAttrId), "main");
  EXPECT_TRUE(t.HasAttr(d, kAttrHidden));
  uint32_t ld = Find(t, kTag_script, 1);
  ASSERT_NE(t.node(ld).first_child, HtmlNode::kNone);
  EXPECT_EQ(t.Text(t.node(ld).first_child), "{\"a\":1}");
  EXPECT_EQ(t.InnerText(Find(t, kTag_p)), "x < y && \xC3\xA9\xC3\xA9\xC3\xA9");
  EXPECT_EQ(Find(t, kTag_p, 1), HtmlNode::kNone);  // the commented-out <p>
}

TEST(HtmlTree, TruncatedMarkupNeverFails) {
  for (std::string s : {"<", "<a", "<a href=\"x", "<!--", "<![CDATA[", "</", "<script>var a",
                        "&", "&#", "&#x", "&#99999999999;", "<p a='", "<title>t"}) {
    HtmlTree t = HtmlTree::Parse(s);
    EXPECT_GE(t.nodes().size(), 1u) << s;
  }
}

TEST(Entities, NamedNumericLegacy) {
  EXPECT_EQ(DecodeEntities("&hellip;&mdash;&rsquo;&nbsp;&euro;&check;&apos;"),
            "\xE2\x80\xA6\xE2\x80\x94\xE2\x80\x99\xC2\xA0\xE2\x82\xAC\xE2\x9C\x93'");
  EXPECT_EQ(DecodeEntities("&#150;&#x2019;&#0;"), "\xE2\x80\x93\xE2\x80\x99\xEF\xBF\xBD");
  EXPECT_EQ(DecodeEntities("&copy 2024 AT&T &unknown;"), "\xC2\xA9 2024 AT&T &unknown;");
  std::string attr;
  AppendDecodedEntities("a?x=1&copy=2", true, attr);
  EXPECT_EQ(attr, "a?x=1&copy=2");  // not a reference inside a URL query
  EXPECT_EQ(LookupEntity("Omega"), "\xCE\xA9");
  EXPECT_EQ(LookupEntity("nosuch"), "");
}

TEST(Charset, DetectAndConvert) {
  EXPECT_EQ(DetectCharset("<meta charset=\"ISO-8859-1\"><p>caf\xE9</p>"), "windows-1252");
  EXPECT_EQ(DetectCharset("<p>caf\xC3\xA9</p>"), "utf-8");
  EXPECT_EQ(DetectCharset("<p>caf\xE9</p>"), "windows-1252");
  EXPECT_EQ(DetectCharset("\xEF\xBB\xBF<p>x</p>"), "utf-8");
  EXPECT_EQ(DetectCharset("<p>x</p>", "text/html; charset=Shift_JIS"), "shift_jis");
  // Declared Latin-1 but really UTF-8: UTF-8 wins.
  EXPECT_EQ(DetectCharset("<meta charset=iso-8859-1><p>caf\xC3\xA9</p>"), "utf-8");
  EXPECT_EQ(ConvertToUtf8("\x93quoted\x94 caf\xE9 \x80", "windows-1252"),
            "\xE2\x80\x9Cquoted\xE2\x80\x9D caf\xC3\xA9 \xE2\x82\xAC");
  EXPECT_EQ(ConvertToUtf8("\xEF\xBB\xBFok", "utf-8"), "ok");
  size_t replaced = 0;
  EXPECT_EQ(ConvertToUtf8("a\xFF" "b", "utf-8", &replaced), "a\xEF\xBF\xBD" "b");
  EXPECT_EQ(replaced, 1u);
  EXPECT_EQ(ConvertToUtf8("\xCF\xF0\xE8\xE2\xE5\xF2", "windows-1251"),
            "\xD0\x9F\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82");  // Привет via iconv
  EXPECT_EQ(ConvertToUtf8("abc", "no-such-charset"), "abc");
}

}  // namespace
}  // namespace dyad
