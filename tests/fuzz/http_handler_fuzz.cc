// Fuzz target: one HTTP request through the API's route table (Router::Handle:
// target parsing, admission checks, every handler, POST's JSON shape check and
// the pipeline) over a small store. The transport is not involved: the input
// is "METHOD TARGET\n", header lines "name: value\n", an empty line, the body.
// A 500 or a response that is not JSON is a bug.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "dyad/server.h"
#include "fuzz_store.h"

namespace {

dyad::ApiService& Api() {
  static dyad::ApiService* api = [] {
    dyad::ServerOptions options;
    options.db = dyad::fuzz::FuzzStorePath();
    options.token = "fuzz-token";
    options.data_dir = DYAD_SOURCE_DIR "/data";
    options.pipeline_spec = dyad::fuzz::kFastSpec;
    options.max_body_bytes = 64 << 10;
    options.max_limit = 50;
    auto created = dyad::ApiService::Create(options);
    if (!created.ok()) __builtin_trap();
    (*created)->WaitForStats();
    return created->release();
  }();
  return *api;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  dyad::HttpRequest req;
  auto line = [&in]() {
    size_t nl = in.find('\n');
    std::string_view l = in.substr(0, nl);
    in = nl == std::string_view::npos ? std::string_view() : in.substr(nl + 1);
    if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
    return l;
  };
  std::string_view first = line();
  size_t sp = first.find(' ');
  if (sp == std::string_view::npos) {
    req.method = "GET";
    req.target = std::string(first);
  } else {
    req.method = std::string(first.substr(0, sp));
    req.target = std::string(first.substr(sp + 1));
  }
  while (!in.empty()) {
    std::string_view h = line();
    if (h.empty()) break;
    size_t colon = h.find(':');
    std::string name(h.substr(0, colon));
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string value(colon == std::string_view::npos ? std::string_view() : h.substr(colon + 1));
    while (!value.empty() && value.front() == ' ') value.erase(0, 1);
    if (name == "transfer-encoding") req.chunked = true;
    req.headers.emplace_back(std::move(name), std::move(value));
  }
  req.body = std::string(in);
  if (!req.chunked) req.content_length = req.body.size();
  dyad::HttpResponse res = Api().router().Handle(req);
  if (res.status < 100 || res.status > 599 || res.status == 500) __builtin_trap();
  // The API answers JSON; the dashboard's pages (any path outside /api/) are
  // HTML, and so are not parsed.
  if (res.content_type.rfind("application/json", 0) == 0 &&
      nlohmann::json::parse(res.body, nullptr, false).is_discarded())
    __builtin_trap();
  return 0;
}
