// The route table and the header-phase checks (include/dyad/http.h).
#include <fmt/format.h>

#include <algorithm>
#include <exception>
#include <nlohmann/json.hpp>

#include "dyad/http.h"

namespace dyad {

RequestControl::Reason RequestControl::reason() const {
  int r = reason_.load(std::memory_order_acquire);
  if (r != 0) return static_cast<Reason>(r);
  return Clock::now() >= deadline_ ? Reason::kTimeBudget : Reason::kNone;
}

void RequestControl::Stop(Reason why) {
  int none = 0;
  reason_.compare_exchange_strong(none, static_cast<int>(why), std::memory_order_acq_rel);
  stop_.store(true, std::memory_order_release);
}

bool RequestControl::Commit() {
  if (Stopped()) return false;
  int running = 0;
  return state_.compare_exchange_strong(running, 1, std::memory_order_acq_rel) || running == 1;
}

bool RequestControl::Abandon() {
  int running = 0;
  return state_.compare_exchange_strong(running, 2, std::memory_order_acq_rel) || running == 2;
}

std::string_view HttpRequest::Header(std::string_view lower_name) const {
  for (const auto& [name, value] : headers)
    if (name == lower_name) return value;
  return {};
}

HttpResponse HttpResponse::Json(int status, std::string body) {
  HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

HttpResponse HttpResponse::Error(int status, std::string_view message) {
  nlohmann::json j = {{"error", message}, {"status", status}};
  return Json(status, j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Percent-decoding; in a query, '+' is a space.
bool Decode(std::string_view in, bool plus_is_space, std::string* out) {
  out->clear();
  out->reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c == '%') {
      if (i + 2 >= in.size()) return false;
      int hi = HexValue(in[i + 1]);
      int lo = HexValue(in[i + 2]);
      if (hi < 0 || lo < 0) return false;
      out->push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out->push_back(' ');
    } else {
      out->push_back(c);
    }
  }
  return true;
}

std::vector<std::string_view> SplitPath(std::string_view path) {
  std::vector<std::string_view> parts;
  size_t pos = 1;  // after the leading '/'
  while (pos <= path.size()) {
    size_t slash = path.find('/', pos);
    if (slash == std::string_view::npos) slash = path.size();
    parts.push_back(path.substr(pos, slash - pos));
    pos = slash + 1;
  }
  return parts;
}

bool IsParam(std::string_view segment) {
  return segment.size() >= 2 && segment.front() == '{' && segment.back() == '}';
}

// "application/json", "application/json; charset=utf-8", any case.
bool IsJsonContentType(std::string_view value) {
  std::string v(value);
  std::transform(v.begin(), v.end(), v.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  size_t semi = v.find(';');
  std::string type = v.substr(0, semi);
  while (!type.empty() && (type.back() == ' ' || type.back() == '\t')) type.pop_back();
  if (type != "application/json") return false;
  if (semi == std::string::npos) return true;
  std::string rest = v.substr(semi + 1);
  rest.erase(std::remove_if(rest.begin(), rest.end(), [](char c) { return c == ' ' || c == '\t' || c == '"'; }),
             rest.end());
  return rest.empty() || rest == "charset=utf-8";
}

}  // namespace

bool ParseRequestTarget(std::string_view target, std::string* path,
                        std::multimap<std::string, std::string>* params, std::string* error) {
  params->clear();
  if (target.empty() || target.front() != '/') {
    *error = "the request target must be a path starting with '/'";
    return false;
  }
  for (char c : target) {
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) {
      *error = "the request target contains a control character or a space";
      return false;
    }
  }
  size_t q = target.find('?');
  std::string_view raw_path = target.substr(0, q);
  size_t hash = raw_path.find('#');
  if (hash != std::string_view::npos) raw_path = raw_path.substr(0, hash);
  if (!Decode(raw_path, false, path)) {
    *error = "bad percent escape in the path";
    return false;
  }
  if (q == std::string_view::npos) return true;
  std::string_view query = target.substr(q + 1);
  if (size_t h = query.find('#'); h != std::string_view::npos) query = query.substr(0, h);
  size_t pos = 0;
  while (pos <= query.size()) {
    size_t amp = query.find('&', pos);
    if (amp == std::string_view::npos) amp = query.size();
    std::string_view pair = query.substr(pos, amp - pos);
    pos = amp + 1;
    if (pair.empty()) continue;
    size_t eq = pair.find('=');
    std::string key, value;
    if (!Decode(pair.substr(0, eq), true, &key) ||
        (eq != std::string_view::npos && !Decode(pair.substr(eq + 1), true, &value))) {
      *error = "bad percent escape in the query string";
      return false;
    }
    params->emplace(std::move(key), std::move(value));
  }
  return true;
}

void Router::Add(std::string method, std::string_view pattern, HttpHandler handler, RouteOptions options) {
  Route route;
  route.method = std::move(method);
  for (std::string_view s : SplitPath(pattern)) route.segments.emplace_back(s);
  route.handler = std::move(handler);
  route.options = options;
  for (Route& r : routes_) {
    if (r.method == route.method && r.segments == route.segments) {
      r = std::move(route);
      return;
    }
  }
  routes_.push_back(std::move(route));
}

std::optional<HttpResponse> Router::CheckToken(const HttpRequest& request) const {
  if (token_.empty())
    return HttpResponse::Error(403, "writes are disabled: start the server with DYAD_TOKEN set to accept " +
                                        request.method);
  std::string_view auth = request.Header("authorization");
  const std::string expected = "Bearer " + token_;
  // Compare without an early exit, so timing does not reveal the token.
  unsigned char diff = auth.size() == expected.size() ? 0 : 1;
  for (size_t i = 0; i < expected.size(); ++i)
    diff |= static_cast<unsigned char>((i < auth.size() ? auth[i] : 0) ^ expected[i]);
  if (diff != 0) return HttpResponse::Error(401, "missing or wrong token: send 'Authorization: Bearer <DYAD_TOKEN>'");
  return std::nullopt;
}

Router::Admission Router::Admit(HttpRequest& request) const {
  Admission a;
  std::string error;
  if (!ParseRequestTarget(request.target, &request.path, &request.params, &error)) {
    a.refusal = HttpResponse::Error(400, error);
    return a;
  }
  // Match segment by segment on the raw path, decoding each segment alone, so
  // an encoded '/' (%2F) stays inside its segment.
  std::string_view raw_path = std::string_view(request.target).substr(0, request.target.find_first_of("?#"));
  std::vector<std::string_view> raw = SplitPath(raw_path);
  std::vector<std::string> decoded(raw.size());
  for (size_t i = 0; i < raw.size(); ++i) Decode(raw[i], false, &decoded[i]);  // checked above
  std::string allowed;
  const std::string& method = request.method == "HEAD" ? std::string("GET") : request.method;
  for (const Route& r : routes_) {
    if (r.segments.size() != decoded.size()) continue;
    bool match = true;
    for (size_t i = 0; i < decoded.size() && match; ++i)
      match = IsParam(r.segments[i]) ? !decoded[i].empty() : r.segments[i] == decoded[i];
    if (!match) continue;
    if (r.method != method) {
      if (allowed.find(r.method) == std::string::npos) allowed += (allowed.empty() ? "" : ", ") + r.method;
      continue;
    }
    request.path_params.clear();
    for (size_t i = 0; i < decoded.size(); ++i)
      if (IsParam(r.segments[i])) request.path_params.push_back(decoded[i]);
    a.route = &r;
    break;
  }
  std::string shown = request.path.substr(0, 200);
  if (a.route == nullptr) {
    if (allowed.empty()) {
      a.refusal = HttpResponse::Error(404, "no such endpoint: " + request.method.substr(0, 20) + " " + shown);
    } else {
      a.refusal = HttpResponse::Error(
          405, fmt::format("{} is not allowed on {} (allowed: {})", request.method.substr(0, 20), shown, allowed));
      a.refusal->headers.emplace_back("Allow", allowed);
    }
    return a;
  }
  const RouteOptions& o = a.route->options;
  if (o.needs_token) {
    if (auto refusal = CheckToken(request)) {
      a.route = nullptr;
      a.refusal = std::move(refusal);
      return a;
    }
  }
  bool has_body = request.chunked || request.content_length.value_or(0) > 0;
  if (o.json_body && has_body) {
    std::string_view type = request.Header("content-type");
    if (!type.empty() && !IsJsonContentType(type)) {
      std::string lower(type.substr(0, 100));
      std::transform(lower.begin(), lower.end(), lower.begin(),
                     [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      std::string hint = lower.rfind("application/x-www-form-urlencoded", 0) == 0
                             ? " (curl -d sends a form unless told otherwise: add -H 'Content-Type: application/json')"
                             : "";
      a.route = nullptr;
      a.refusal = HttpResponse::Error(
          415, fmt::format("Content-Type '{}' is not accepted: send the document as a JSON object with "
                           "'Content-Type: application/json' (UTF-8){}",
                           std::string(type.substr(0, 100)), hint));
      return a;
    }
  }
  if (request.content_length && *request.content_length > o.max_body_bytes) {
    a.route = nullptr;
    a.refusal = o.max_body_bytes == 0
                    ? HttpResponse::Error(413, fmt::format("{} {} takes no request body", request.method, shown))
                    : HttpResponse::Error(413, fmt::format("request body too large: {} bytes (at most {})",
                                                           *request.content_length, o.max_body_bytes));
  }
  return a;
}

HttpResponse Router::Run(const Route& route, const HttpRequest& request) {
  try {
    return route.handler(request);
  } catch (const std::exception& e) {
    return HttpResponse::Error(500, std::string("internal error: ") + e.what());
  } catch (...) {
    return HttpResponse::Error(500, "internal error");
  }
}

HttpResponse Router::Handle(HttpRequest& request) const {
  RequestControl local;
  if (request.control == nullptr) request.control = &local;
  Admission a = Admit(request);
  HttpResponse response;
  if (!a.route) {
    response = std::move(*a.refusal);
  } else if (request.body.size() > a.route->options.max_body_bytes) {
    response = HttpResponse::Error(413, fmt::format("request body too large (at most {} bytes)",
                                                    a.route->options.max_body_bytes));
  } else {
    response = Run(*a.route, request);
  }
  if (request.control == &local) request.control = nullptr;
  return response;
}

}  // namespace dyad
