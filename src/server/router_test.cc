// The route table and its header-phase checks, without a network.
#include <gtest/gtest.h>

#include "dyad/http.h"

namespace dyad {
namespace {

TEST(ParseRequestTargetTest, DecodesPathAndQuery) {
  std::string path, error;
  std::multimap<std::string, std::string> params;
  ASSERT_TRUE(ParseRequestTarget("/api/events?dyad=IRQ-USA&text=prime+minister%21&flag&&x=", &path, &params, &error));
  EXPECT_EQ(path, "/api/events");
  ASSERT_EQ(params.size(), 4u);
  EXPECT_EQ(params.find("dyad")->second, "IRQ-USA");
  EXPECT_EQ(params.find("text")->second, "prime minister!");
  EXPECT_EQ(params.find("flag")->second, "");
  EXPECT_EQ(params.find("x")->second, "");
  ASSERT_TRUE(ParseRequestTarget("/a%2Fb?k=1&k=2", &path, &params, &error));
  EXPECT_EQ(path, "/a/b");
  EXPECT_EQ(params.count("k"), 2u);
  for (std::string_view bad : {"", "api/events", "http://x/api", "/a%zz", "/a%4", "/a?b=%", "/a b", "/a\x01"}) {
    EXPECT_FALSE(ParseRequestTarget(bad, &path, &params, &error)) << bad;
    EXPECT_FALSE(error.empty());
  }
}

class RouterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    router_.Add("GET", "/api/items/{id}", [](const HttpRequest& r) {
      return HttpResponse::Json(200, "{\"id\":\"" + r.path_params.at(0) + "\"}");
    });
    RouteOptions post;
    post.needs_token = true;
    post.max_body_bytes = 10;
    post.json_body = true;
    router_.Add("POST", "/api/items", [](const HttpRequest& r) { return HttpResponse::Json(201, r.body); }, post);
    router_.Add("GET", "/api/throws", [](const HttpRequest&) -> HttpResponse { throw std::runtime_error("boom"); });
  }
  HttpResponse Call(const std::string& method, const std::string& target, const std::string& body = "",
                    std::vector<std::pair<std::string, std::string>> headers = {}) {
    HttpRequest r;
    r.method = method;
    r.target = target;
    r.body = body;
    r.content_length = body.size();
    r.headers = std::move(headers);
    return router_.Handle(r);
  }
  Router router_;
};

TEST_F(RouterTest, MatchesSegmentsAndDecodesParameters) {
  EXPECT_EQ(Call("GET", "/api/items/abc").body, "{\"id\":\"abc\"}");
  EXPECT_EQ(Call("GET", "/api/items/a%2Fb").body, "{\"id\":\"a/b\"}");  // one segment, decoded
  EXPECT_EQ(Call("HEAD", "/api/items/abc").status, 200);
  EXPECT_EQ(Call("GET", "/api/items/").status, 404);
  EXPECT_EQ(Call("GET", "/api/items/a/b").status, 404);
  EXPECT_EQ(Call("GET", "/api/../api/items/x").status, 404);
  EXPECT_EQ(Call("GET", "/api/items%2Fx").status, 404);
  HttpResponse wrong = Call("PUT", "/api/items/abc");
  EXPECT_EQ(wrong.status, 405);
  ASSERT_EQ(wrong.headers.size(), 1u);
  EXPECT_EQ(wrong.headers[0].second, "GET");
  EXPECT_EQ(Call("GET", "no-slash").status, 400);
  HttpResponse thrown = Call("GET", "/api/throws");
  EXPECT_EQ(thrown.status, 500);
  EXPECT_NE(thrown.body.find("boom"), std::string::npos);
}

// The checks come in an order that never needs the body: token, then type,
// then declared size.
TEST_F(RouterTest, TokenIsCheckedBeforeTypeAndSize) {
  EXPECT_EQ(Call("POST", "/api/items", "{}").status, 403);  // no token configured
  router_.SetToken("t0k");
  std::vector<std::pair<std::string, std::string>> form = {{"content-type", "application/x-www-form-urlencoded"}};
  EXPECT_EQ(Call("POST", "/api/items", std::string(100, 'x'), form).status, 401);
  form.emplace_back("authorization", "Bearer t0k");
  HttpResponse f = Call("POST", "/api/items", "a=b", form);
  EXPECT_EQ(f.status, 415);
  EXPECT_NE(f.body.find("curl -d"), std::string::npos);
  std::vector<std::pair<std::string, std::string>> json = {{"authorization", "Bearer t0k"},
                                                           {"content-type", "Application/JSON; charset=utf-8"}};
  EXPECT_EQ(Call("POST", "/api/items", std::string(11, 'x'), json).status, 413);
  EXPECT_EQ(Call("POST", "/api/items", "{}", json).status, 201);
  EXPECT_EQ(Call("POST", "/api/items", "{}", {{"authorization", "Bearer t0k"}}).status, 201);  // no type: JSON
  EXPECT_EQ(Call("POST", "/api/items", "{}", {{"authorization", "Bearer t0kk"}}).status, 401);
  EXPECT_EQ(Call("POST", "/api/items", "{}", {{"authorization", "Bearer t0"}}).status, 401);
  json[1].second = "application/json; charset=latin1";
  EXPECT_EQ(Call("POST", "/api/items", "{}", json).status, 415);
  // Admit alone, as the transport calls it with the header only.
  HttpRequest head;
  head.method = "POST";
  head.target = "/api/items";
  head.chunked = true;
  Router::Admission a = router_.Admit(head);
  ASSERT_FALSE(a.route);
  EXPECT_EQ(a.refusal->status, 401);
  head.headers = {{"authorization", "Bearer t0k"}};
  head.content_length = 1000;
  head.chunked = false;
  a = router_.Admit(head);
  ASSERT_FALSE(a.route);
  EXPECT_EQ(a.refusal->status, 413);
  head.content_length = 5;
  a = router_.Admit(head);
  EXPECT_TRUE(a.route);
  // A GET route takes no body.
  HttpRequest get;
  get.method = "GET";
  get.target = "/api/items/x";
  get.content_length = 3;
  EXPECT_EQ(router_.Admit(get).refusal->status, 413);
}

TEST(RequestControlTest, CommitAndAbandonExcludeEachOther) {
  RequestControl a;
  EXPECT_TRUE(a.Commit());
  EXPECT_FALSE(a.Abandon());
  RequestControl b;
  EXPECT_TRUE(b.Abandon());
  EXPECT_FALSE(b.Commit());
  RequestControl c;
  c.Stop(RequestControl::Reason::kClientGone);
  c.Stop(RequestControl::Reason::kShutdown);
  EXPECT_TRUE(c.Stopped());
  EXPECT_EQ(c.reason(), RequestControl::Reason::kClientGone);
  EXPECT_FALSE(c.Commit());
  RequestControl d(RequestControl::Clock::now() - std::chrono::seconds(1));
  EXPECT_TRUE(d.Stopped());
  EXPECT_EQ(d.reason(), RequestControl::Reason::kTimeBudget);
}

}  // namespace
}  // namespace dyad
