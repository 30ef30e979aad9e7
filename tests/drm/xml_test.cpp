// The private XML reader: the subset it accepts, namespaces, and hostile documents (DTDs, entity
// bombs, deep nesting, huge attributes, bad encodings) refused with errors, never crashes.
#include "drm/xml.h"

#include <gtest/gtest.h>

namespace streamforge::drm::xml {
namespace {

TEST(Xml, ElementsAttributesTextAndReferences) {
  auto root = parse(
      "\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"utf-8\" standalone=\"yes\"?>\r\n"
      "<!-- prolog comment --><?pi data?>\n"
      "<a x='1' y=\"a&amp;b&lt;&#x41;&#66;\tz\">hello <b/>&gt; <![CDATA[<raw&>]]><c k=\"v\">in c</c> world\r\n</a>\n"
      "<!-- epilog -->\n");
  ASSERT_TRUE(root.ok()) << root.status().to_string();
  EXPECT_EQ(root->local, "a");
  EXPECT_EQ(root->ns, "");
  ASSERT_NE(root->attribute("y"), nullptr);
  EXPECT_EQ(root->attribute("x")->value, "1");
  EXPECT_EQ(root->attribute("y")->value, "a&b<AB z");  // TAB normalized to a space (§3.3.3)
  EXPECT_EQ(root->text, "hello > <raw&> world\n");     // CRLF -> LF (§2.11)
  ASSERT_EQ(root->children.size(), 2u);
  EXPECT_EQ(root->children[1].text, "in c");
  EXPECT_EQ(root->children[1].line, 3u);
  EXPECT_EQ(root->child("", "c")->attribute("k")->value, "v");
  EXPECT_EQ(root->children_named("", "b").size(), 1u);
}

TEST(Xml, NamespacesResolveToUris) {
  auto root = parse(
      "<p:r xmlns:p=\"urn:one\" xmlns=\"urn:default\" p:at=\"1\" plain=\"2\">"
      "<child/><q:x xmlns:q=\"urn:two\"/><p:y/><z xmlns=\"\"/></p:r>");
  ASSERT_TRUE(root.ok()) << root.status().to_string();
  EXPECT_EQ(root->ns, "urn:one");
  EXPECT_EQ(root->local, "r");
  EXPECT_EQ(root->attribute("at", "urn:one")->value, "1");
  EXPECT_EQ(root->attribute("plain")->value, "2");  // unprefixed attributes have no namespace
  EXPECT_EQ(root->attributes.size(), 2u);           // xmlns declarations are not listed
  EXPECT_NE(root->child("urn:default", "child"), nullptr);
  EXPECT_NE(root->child("urn:two", "x"), nullptr);
  EXPECT_NE(root->child("urn:one", "y"), nullptr);
  EXPECT_NE(root->child("", "z"), nullptr);  // default namespace undeclared
}

TEST(Xml, HostileDocumentsAreRefused) {
  const std::string bad[] = {
      "",
      "   ",
      "text",
      "<a>",
      "<a></b>",
      "<a><b></a></b>",
      "<a/><b/>",
      "<a/>text",
      "<a x=1/>",
      "<a x=\"1\" x=\"2\"/>",
      "<a xmlns:p=\"u\" xmlns:q=\"u\" p:x=\"1\" q:x=\"2\"/>",  // same expanded name twice
      "<a x=\"<\"/>",
      "<a x=\"1\"y=\"2\"/>",
      "<p:a/>",             // unbound prefix
      "<a xmlns:p=\"\"/>",  // empty namespace for a prefix
      "<a:b:c xmlns:a=\"u\"/>",
      "<a>&nbsp;</a>",  // undeclared entity
      "<a>&#0;</a>",    // not an XML Char
      "<a>&#x110000;</a>",
      "<a>&#xD800;</a>",
      "<a>a & b</a>",
      "<a>]]></a>",
      "<a><!-- a -- b --></a>",
      "<a><![CDATA[never closed</a>",
      "<a><?xml version=\"1.0\"?></a>",
      "<?xml version=\"1.0\" encoding=\"UTF-16\"?><a/>",
      "<?xml version=\"2.0\"?><a/>",
      "<a>\xff</a>",               // invalid UTF-8
      "<a>\xc0\xaf</a>",           // overlong '/'
      "<a>\xed\xa0\x80</a>",       // UTF-8 encoded surrogate
      std::string("<a>\x01</a>"),  // control character
      "<!DOCTYPE a><a/>",
      "<!DOCTYPE a [<!ENTITY e \"x\">]><a>&e;</a>",
      "<!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;\">]><a>&lol2;</a>",
      "<!DOCTYPE a [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]><a>&xxe;</a>",
      "<a><!DOCTYPE b></a>",
      "<a><!ELEMENT b ANY></a>",
  };
  for (const std::string& doc : bad) {
    auto r = parse(doc);
    EXPECT_FALSE(r.ok()) << doc;
    EXPECT_TRUE(r.status().code() == StatusCode::kDataLoss || r.status().code() == StatusCode::kResourceExhausted)
        << doc;
  }
  auto dtd = parse("<!DOCTYPE a><a/>");
  EXPECT_NE(dtd.status().message().find("DOCTYPE"), std::string::npos);
}

TEST(Xml, LimitsBoundEveryDimension) {
  Limits limits;
  // Deep nesting: refused at the depth limit, without recursion.
  std::string deep;
  for (int i = 0; i < 100000; ++i) deep += "<a>";
  EXPECT_EQ(parse(deep).status().code(), StatusCode::kResourceExhausted);
  std::string ok_depth;
  for (size_t i = 0; i < limits.max_depth; ++i) ok_depth += "<a>";
  for (size_t i = 0; i < limits.max_depth; ++i) ok_depth += "</a>";
  EXPECT_TRUE(parse(ok_depth).ok());
  EXPECT_EQ(parse("<a>" + ok_depth + "</a>").status().code(), StatusCode::kResourceExhausted);

  Limits small;
  small.max_bytes = 1000;
  small.max_value = 100;
  small.max_text = 100;
  small.max_attributes = 4;
  small.max_elements = 10;
  small.max_name = 16;
  EXPECT_EQ(parse(std::string(1001, ' '), small).status().code(), StatusCode::kResourceExhausted);
  EXPECT_EQ(parse("<a x=\"" + std::string(101, 'v') + "\"/>", small).status().code(), StatusCode::kResourceExhausted);
  EXPECT_EQ(parse("<a>" + std::string(101, 't') + "</a>", small).status().code(), StatusCode::kResourceExhausted);
  EXPECT_EQ(parse("<a a=\"\" b=\"\" c=\"\" d=\"\" e=\"\"/>", small).status().code(), StatusCode::kResourceExhausted);
  std::string many = "<a>";
  for (int i = 0; i < 10; ++i) many += "<b/>";
  EXPECT_EQ(parse(many + "</a>", small).status().code(), StatusCode::kResourceExhausted);  // 11 elements
  EXPECT_EQ(parse("<" + std::string(17, 'n') + "/>", small).status().code(), StatusCode::kResourceExhausted);
  // Huge attribute with the default limits (1 MiB per value).
  EXPECT_EQ(parse("<a x=\"" + std::string((1u << 20) + 1, 'v') + "\"/>").status().code(),
            StatusCode::kResourceExhausted);
}

TEST(Xml, ErrorsCarryLineNumbers) {
  auto r = parse("<a>\n\n<b></c></a>");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("line 3"), std::string::npos) << r.status().message();
}

TEST(Xml, Escaping) {
  EXPECT_EQ(escape_text("a<b>&c\r"), "a&lt;b&gt;&amp;c&#13;");
  EXPECT_EQ(escape_attribute("\"a\"\t<&>\n"), "&quot;a&quot;&#9;&lt;&amp;&gt;&#10;");
  auto r = parse("<a v=\"" + escape_attribute("x\"y\tz&\n") + "\">" + escape_text("1<2 & ]]>") + "</a>");
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  EXPECT_EQ(r->attribute("v")->value, "x\"y\tz&\n");  // character references are not normalized
  EXPECT_EQ(r->text, "1<2 & ]]>");
}

}  // namespace
}  // namespace streamforge::drm::xml
