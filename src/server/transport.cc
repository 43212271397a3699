// The network side of `dyad serve`: Boost.Beast over Asio (docs/architecture.md,
// "HTTP server"). Sockets are served asynchronously by a few I/O threads, so a
// slow or idle client costs a socket and a small buffer, never a thread.
// Handlers (include/dyad/http.h) run on a worker pool, POSTs on a single
// write lane; the I/O side keeps watching the client meanwhile.
//
// One connection, one request at a time:
//   wait for a request (idle timeout) -> header (header timeout, 16 KiB) ->
//   Router::Admit from the header alone (token, route, type, declared size):
//   a refusal is sent without reading the body -> body (body timeout, the
//   route's limit, chunked included) -> handler on a worker, while the socket
//   is watched for the client leaving and a timer runs the time budget ->
//   response (write timeout) -> next request or close.
#include <fmt/format.h>
#include <sys/socket.h>

#include <atomic>
#include <utility>  // before Asio: Boost 1.74's awaitable.hpp uses std::exchange without it
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <iostream>
#include <list>
#include <mutex>
#include <thread>

#include "dyad/server.h"

namespace dyad {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;

namespace {

constexpr uint32_t kHeaderLimit = 16 * 1024;       // request line + headers
constexpr size_t kBufferLimit = 256 * 1024;        // bytes buffered from a socket at once
constexpr size_t kLingerBytes = 256 * 1024;        // discarded after refusing a header, before closing
constexpr auto kLingerTime = std::chrono::seconds(2);
constexpr size_t kPipelinedLimit = 64 * 1024;      // bytes read ahead while a handler runs

std::string Dump(int status, std::string_view message) { return HttpResponse::Error(status, message).body; }

// Counts every byte read from client sockets (ServerCounters::bytes_received);
// never limits.
class CountingRatePolicy {
 public:
  explicit CountingRatePolicy(std::atomic<uint64_t>* bytes) : bytes_(bytes) {}

 private:
  friend class beast::rate_policy_access;
  size_t available_read_bytes() const noexcept { return std::numeric_limits<size_t>::max(); }
  size_t available_write_bytes() const noexcept { return std::numeric_limits<size_t>::max(); }
  void transfer_read_bytes(size_t n) noexcept { bytes_->fetch_add(n, std::memory_order_relaxed); }
  void transfer_write_bytes(size_t) noexcept {}
  void on_timer() noexcept {}
  std::atomic<uint64_t>* bytes_;
};

using Stream = beast::basic_stream<tcp, net::any_io_executor, CountingRatePolicy>;

// The connection ended or timed out (nothing to answer), as opposed to a
// malformed request (answered 400).
bool IsConnectionError(const beast::error_code& ec) {
  return ec == beast::error::timeout || ec == http::error::end_of_stream || ec == net::error::eof ||
         ec == net::error::operation_aborted || ec.category() == net::error::get_system_category() ||
         ec.category() == net::error::get_misc_category();
}

}  // namespace

struct Server::Impl {
  ServerOptions options;
  std::unique_ptr<ApiService> api;

  net::io_context ioc;
  tcp::acceptor acceptor{net::make_strand(ioc)};
  net::steady_timer accept_retry{acceptor.get_executor()};
  net::steady_timer shutdown_timer{acceptor.get_executor()};
  std::unique_ptr<net::thread_pool> read_pool, write_pool;
  int bound_port = 0;
  std::atomic<bool> running{false}, stopping{false};

  class Session;
  std::mutex sessions_mu;
  std::list<std::weak_ptr<Session>> sessions;
  std::atomic<uint64_t> connections_accepted{0}, connections_refused{0}, connections_open{0}, requests{0},
      bytes_received{0}, timeouts{0}, stopped{0}, handlers_running{0}, serial_pending{0};

  void Accept();
  void OnAccept(beast::error_code ec, tcp::socket socket);
  void BeginShutdown();
  void CancelShutdownTimerIfDone();
  void Unregister(std::list<std::weak_ptr<Session>>::iterator it);
};

class Server::Impl::Session : public std::enable_shared_from_this<Session> {
 public:
  Session(Impl& server, tcp::socket socket)
      : s_(server),
        stream_(CountingRatePolicy(&server.bytes_received), std::move(socket)),
        buffer_(kBufferLimit),
        budget_timer_(stream_.get_executor()) {}

  void Start(std::list<std::weak_ptr<Session>>::iterator it) {
    registry_it_ = it;
    registered_ = true;
    header_deadline_ = Clock::now() + std::chrono::milliseconds(s_.options.header_timeout_ms);
    WaitForRequest();
  }

  // From Server::Stop, on this session's strand.
  void OnShutdown() {
    switch (state_) {
      case State::kIdle:
      case State::kHeader:
      case State::kBody:
        Close();
        break;
      case State::kHandling:
        control_->Stop(RequestControl::Reason::kShutdown);
        if (control_->Abandon()) {
          ++s_.stopped;
          Respond(HttpResponse::Error(503, "the server is shutting down; the request was stopped and nothing was "
                                           "stored: send it again later"),
                  true);
        }
        break;
      case State::kWriting:
        close_after_write_ = true;
        break;
      case State::kClosed:
        break;
    }
  }

  void ForceClose() { Close(); }
  net::any_io_executor stream_executor() { return stream_.get_executor(); }

 private:
  enum class State { kIdle, kHeader, kBody, kHandling, kWriting, kClosed };

  // Waits for the first byte of the next request, so that an idle kept-alive
  // connection and a slow header are timed separately.
  void WaitForRequest() {
    if (s_.stopping) return Close();
    if (buffer_.size() > 0) {  // pipelined: read while the last request was handled
      if (!first_request_)
        header_deadline_ = Clock::now() + std::chrono::milliseconds(s_.options.header_timeout_ms);
      return ReadHeader();
    }
    state_ = State::kIdle;
    if (first_request_) {
      stream_.expires_at(header_deadline_);
    } else {
      stream_.expires_after(std::chrono::milliseconds(s_.options.idle_timeout_ms));
    }
    stream_.async_read_some(buffer_.prepare(4096), [self = shared_from_this()](beast::error_code ec, size_t n) {
      self->buffer_.commit(n);
      if (ec) return self->Fail(ec);
      if (!self->first_request_)
        self->header_deadline_ = Clock::now() + std::chrono::milliseconds(self->s_.options.header_timeout_ms);
      self->ReadHeader();
    });
  }

  void ReadHeader() {
    state_ = State::kHeader;
    header_parser_.emplace();
    header_parser_->header_limit(kHeaderLimit);
    // The route's limit applies (Router::Admit, then ReadBody). Not boost::none:
    // Beast 1.74 compares the Content-Length with the optional, and none is smaller.
    header_parser_->body_limit(std::numeric_limits<uint64_t>::max());
    stream_.expires_at(header_deadline_);
    http::async_read_header(stream_, buffer_, *header_parser_,
                            [self = shared_from_this()](beast::error_code ec, size_t) { self->OnHeader(ec); });
  }

  void OnHeader(beast::error_code ec) {
    if (ec == http::error::header_limit || ec == http::error::buffer_overflow) {
      ++s_.requests;
      unread_body_ = true;
      return Respond(HttpResponse::Error(431, fmt::format("request header too large (at most {} bytes)", kHeaderLimit)),
                     true);
    }
    if (ec && IsConnectionError(ec)) return Fail(ec);
    if (ec) {
      ++s_.requests;
      unread_body_ = true;
      return Respond(HttpResponse::Error(400, "malformed HTTP request: " + ec.message()), true);
    }
    ++s_.requests;
    auto& head = header_parser_->get();
    request_ = HttpRequest();
    request_.method = std::string(head.method_string());
    request_.target = std::string(head.target());
    for (const auto& field : head) {
      std::string name(field.name_string());
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      request_.headers.emplace_back(std::move(name), std::string(field.value()));
    }
    request_.chunked = header_parser_->chunked();
    if (auto n = header_parser_->content_length()) request_.content_length = *n;
    keep_alive_ = header_parser_->keep_alive();
    version_ = head.version();
    head_only_ = head.method() == http::verb::head;
    bool has_body = !header_parser_->is_done();
    unread_body_ = has_body;

    if (s_.stopping)
      return Respond(HttpResponse::Error(503, "the server is shutting down; send the request again later"), true);
    Router::Admission a = s_.api->router().Admit(request_);
    if (!a.route) return Respond(std::move(*a.refusal), has_body);
    route_ = a.route;
    if (route_->options.serial && s_.serial_pending.load() >= static_cast<uint64_t>(s_.options.max_queued_writes))
      return Respond(HttpResponse::Error(503, fmt::format("{} requests are already waiting for the write lane; "
                                                          "send this one again later",
                                                          s_.options.max_queued_writes)),
                     has_body);
    if (!has_body) return Dispatch();
    if (beast::iequals(head[http::field::expect], "100-continue")) {
      // The client waits for this before sending the body it announced.
      static const std::string kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
      stream_.expires_after(std::chrono::milliseconds(s_.options.write_timeout_ms));
      net::async_write(stream_, net::buffer(kContinue), [self = shared_from_this()](beast::error_code ec, size_t) {
        if (ec) return self->Fail(ec);
        self->ReadBody();
      });
      return;
    }
    ReadBody();
  }

  void ReadBody() {
    state_ = State::kBody;
    body_parser_.emplace(std::move(*header_parser_));
    header_parser_.reset();
    body_parser_->body_limit(static_cast<uint64_t>(route_->options.max_body_bytes));
    stream_.expires_after(std::chrono::milliseconds(s_.options.body_timeout_ms));
    http::async_read(stream_, buffer_, *body_parser_, [self = shared_from_this()](beast::error_code ec, size_t) {
      self->OnBody(ec);
    });
  }

  void OnBody(beast::error_code ec) {
    if (ec == http::error::body_limit) {
      body_parser_.reset();
      // An admitted client (token and all): give it the time to read its 413.
      linger_cap_ = std::numeric_limits<size_t>::max();
      return Respond(HttpResponse::Error(413, fmt::format("request body too large (at most {} bytes)",
                                                          route_->options.max_body_bytes)),
                     true);
    }
    if (ec && (IsConnectionError(ec) || ec == http::error::partial_message)) return Fail(ec);
    if (ec) {
      body_parser_.reset();
      return Respond(HttpResponse::Error(400, "malformed request body: " + ec.message()), true);
    }
    unread_body_ = false;
    request_.body = std::move(body_parser_->get().body());
    body_parser_.reset();
    Dispatch();
  }

  void Dispatch() {
    state_ = State::kHandling;
    header_parser_.reset();
    stream_.expires_never();
    auto deadline = Clock::now() + std::chrono::milliseconds(s_.options.time_budget_ms);
    control_ = std::make_shared<RequestControl>(deadline);
    request_.control = control_.get();
    ++s_.handlers_running;
    bool serial = route_->options.serial;
    if (serial) ++s_.serial_pending;
    net::thread_pool& pool = serial ? *s_.write_pool : *s_.read_pool;
    net::post(pool, [self = shared_from_this(), route = route_, serial] {
      HttpResponse response = Router::Run(*route, self->request_);
      if (serial) --self->s_.serial_pending;
      --self->s_.handlers_running;
      net::post(self->stream_.get_executor(),
                [self, response = std::move(response)]() mutable { self->OnHandled(std::move(response)); });
    });
    budget_timer_.expires_at(deadline);
    budget_timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
      if (!ec) self->OnBudget();
    });
    Watch();
  }

  // While the handler runs: a read that ends with EOF or an error means the
  // client left. Bytes that arrive (a pipelined request) are kept for later.
  void Watch() {
    if (watching_ || buffer_.size() >= kPipelinedLimit) return;
    watching_ = true;
    stream_.async_read_some(buffer_.prepare(4096), [self = shared_from_this()](beast::error_code ec, size_t n) {
      self->buffer_.commit(n);
      self->watching_ = false;
      if (self->state_ == State::kHandling) {
        if (ec) return self->ClientGone();
        return self->Watch();
      }
      if (self->resume_after_watch_) {
        self->resume_after_watch_ = false;
        if (ec && ec != net::error::operation_aborted) return self->Fail(ec);
        self->WaitForRequest();
      }
    });
  }

  void ClientGone() {
    control_->Stop(RequestControl::Reason::kClientGone);
    if (control_->Abandon()) {
      ++s_.stopped;
      Close();
    }
    // Committed: the handler finishes its write; its answer then fails to send.
  }

  void OnBudget() {
    if (state_ != State::kHandling) return;
    control_->Stop(RequestControl::Reason::kTimeBudget);
    if (!control_->Abandon()) return;  // committed: its answer comes soon
    ++s_.stopped;
    Respond(HttpResponse::Error(503, fmt::format("the request was not answered within the time budget of {} s "
                                                 "(queueing included) and was stopped; nothing was stored",
                                                 s_.options.time_budget_ms / 1000.0)),
            true);
  }

  void OnHandled(HttpResponse response) {
    if (state_ != State::kHandling) return;  // abandoned: answered or closed already
    Respond(std::move(response), !keep_alive_ || s_.stopping);
  }

  void Respond(HttpResponse r, bool close) {
    budget_timer_.cancel();
    if (watching_) {
      beast::error_code ignored;
      stream_.socket().cancel(ignored);
    }
    state_ = State::kWriting;
    close_after_write_ = close || !keep_alive_;
    response_ = {};
    // Our highest version, whatever the request's (RFC 9110, 6.2): HTTP/1.0
    // clients read a 1.1 status line, and are told explicitly when the
    // connection stays open.
    response_.version(11);
    response_.result(static_cast<unsigned>(r.status));
    response_.set(http::field::content_type, r.content_type);
    response_.set("X-Content-Type-Options", "nosniff");
    response_.set(http::field::cache_control, "no-store");
    for (auto& [name, value] : r.headers) response_.set(name, value);
    response_.body() = std::move(r.body);
    response_.keep_alive(!close_after_write_);
    if (version_ == 10 && !close_after_write_) response_.set(http::field::connection, "keep-alive");
    response_.prepare_payload();
    if (head_only_) response_.body().clear();  // Content-Length stays that of the GET answer
    if (s_.options.log_requests)
      std::cerr << request_.method.substr(0, 16) << ' ' << request_.path.substr(0, 200) << ' ' << r.status << '\n';
    stream_.expires_after(std::chrono::milliseconds(s_.options.write_timeout_ms));
    http::async_write(stream_, response_, [self = shared_from_this()](beast::error_code ec, size_t) {
      self->OnWrite(ec);
    });
  }

  void OnWrite(beast::error_code ec) {
    if (ec) return Fail(ec);
    if (close_after_write_) return unread_body_ ? Linger() : Close();
    first_request_ = false;
    if (watching_) {
      resume_after_watch_ = true;  // the cancelled watch completes first
      return;
    }
    WaitForRequest();
  }

  // After refusing a request whose body was not read: stop sending, then
  // discard what the client had already sent, within a small bound, so that
  // closing does not reset the connection before the client reads the answer.
  void Linger() {
    state_ = State::kClosed;
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    linger_deadline_ = Clock::now() + kLingerTime;
    LingerRead();
  }

  void LingerRead() {
    if (lingered_ >= linger_cap_ || Clock::now() >= linger_deadline_) return Close();
    stream_.expires_at(linger_deadline_);
    stream_.async_read_some(net::buffer(discard_), [self = shared_from_this()](beast::error_code ec, size_t n) {
      self->lingered_ += n;
      if (ec) return self->Close();
      self->LingerRead();
    });
  }

  void Fail(beast::error_code ec) {
    if (ec == beast::error::timeout) ++s_.timeouts;
    Close();
  }

  void Close() {
    if (state_ == State::kClosed && !stream_.socket().is_open()) return Unregister();
    state_ = State::kClosed;
    budget_timer_.cancel();
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream_.close();
    Unregister();
  }

  void Unregister() {
    if (!registered_) return;
    registered_ = false;
    s_.Unregister(registry_it_);
  }

  Impl& s_;
  Stream stream_;
  beast::flat_buffer buffer_;
  net::steady_timer budget_timer_;
  std::optional<http::request_parser<http::empty_body>> header_parser_;
  std::optional<http::request_parser<http::string_body>> body_parser_;
  http::response<http::string_body> response_;
  HttpRequest request_;
  const Router::Route* route_ = nullptr;
  std::shared_ptr<RequestControl> control_;
  State state_ = State::kIdle;
  Clock::time_point header_deadline_, linger_deadline_;
  unsigned version_ = 11;
  bool keep_alive_ = true, head_only_ = false, first_request_ = true, close_after_write_ = false;
  bool unread_body_ = false, watching_ = false, resume_after_watch_ = false, registered_ = false;
  size_t lingered_ = 0, linger_cap_ = kLingerBytes;
  std::array<char, 16384> discard_;
  std::list<std::weak_ptr<Session>>::iterator registry_it_;
};

void Server::Impl::Accept() {
  acceptor.async_accept(net::make_strand(ioc), [this](beast::error_code ec, tcp::socket socket) {
    OnAccept(ec, std::move(socket));
  });
}

void Server::Impl::OnAccept(beast::error_code ec, tcp::socket socket) {
  if (ec == net::error::operation_aborted || !acceptor.is_open()) return;
  if (ec) {
    // Out of file descriptors and the like: try again shortly rather than spin.
    accept_retry.expires_after(std::chrono::milliseconds(50));
    accept_retry.async_wait([this](beast::error_code e) {
      if (!e && acceptor.is_open()) Accept();
    });
    return;
  }
  ++connections_accepted;
  beast::error_code ignored;
  socket.set_option(tcp::no_delay(true), ignored);  // small JSON answers: no Nagle + delayed-ACK stalls
  if (stopping || connections_open.load() >= static_cast<uint64_t>(options.max_connections)) {
    ++connections_refused;
    std::string body = stopping ? Dump(503, "the server is shutting down")
                                : Dump(503, fmt::format("too many connections (at most {}); try again shortly",
                                                        options.max_connections));
    std::string answer = fmt::format(
        "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nContent-Length: {}\r\n"
        "Connection: close\r\nRetry-After: 1\r\n\r\n{}",
        body.size(), body);
    socket.non_blocking(true, ignored);
    socket.write_some(net::buffer(answer), ignored);  // best effort: never wait for this client
    socket.shutdown(tcp::socket::shutdown_both, ignored);
    socket.close(ignored);
    return Accept();
  }
  auto session = std::make_shared<Session>(*this, std::move(socket));
  std::list<std::weak_ptr<Session>>::iterator it;
  {
    std::lock_guard<std::mutex> lock(sessions_mu);
    it = sessions.insert(sessions.end(), session);
    ++connections_open;
  }
  net::dispatch(session->stream_executor(), [session, it] { session->Start(it); });
  Accept();
}

void Server::Impl::Unregister(std::list<std::weak_ptr<Session>>::iterator it) {
  bool last = false;
  {
    std::lock_guard<std::mutex> lock(sessions_mu);
    sessions.erase(it);
    --connections_open;
    last = sessions.empty();
  }
  if (last && stopping) net::post(acceptor.get_executor(), [this] { CancelShutdownTimerIfDone(); });
}

// On the acceptor's strand, like every use of the shutdown timer.
void Server::Impl::CancelShutdownTimerIfDone() {
  std::lock_guard<std::mutex> lock(sessions_mu);
  if (sessions.empty()) shutdown_timer.cancel();
}

void Server::Impl::BeginShutdown() {
  beast::error_code ignored;
  acceptor.close(ignored);
  accept_retry.cancel();
  std::vector<std::shared_ptr<Session>> live;
  {
    std::lock_guard<std::mutex> lock(sessions_mu);
    for (auto& w : sessions)
      if (auto s = w.lock()) live.push_back(std::move(s));
  }
  if (live.empty()) return;
  for (auto& s : live) net::post(s->stream_executor(), [s] { s->OnShutdown(); });
  shutdown_timer.expires_after(std::chrono::milliseconds(options.shutdown_timeout_ms));
  shutdown_timer.async_wait([this](beast::error_code ec) {
    if (ec) return;  // every connection closed in time
    // The bound: cut off whatever is left and stop the I/O threads.
    std::vector<std::shared_ptr<Session>> rest;
    {
      std::lock_guard<std::mutex> lock(sessions_mu);
      for (auto& w : sessions)
        if (auto s = w.lock()) rest.push_back(std::move(s));
    }
    for (auto& s : rest) net::post(s->stream_executor(), [s] { s->ForceClose(); });
    net::post(ioc, [this] { ioc.stop(); });
  });
  CancelShutdownTimerIfDone();  // the last one may have closed meanwhile
}

Server::Server() : impl_(std::make_unique<Impl>()) {}

Server::~Server() {
  // Handlers still running reference the API and the sessions: wait for them,
  // then drop the sessions their completions kept alive.
  if (impl_->read_pool) impl_->read_pool->join();
  if (impl_->write_pool) impl_->write_pool->join();
  // Completions they posted are destroyed with the io_context, which frees
  // the sessions they hold.
}

Result<std::unique_ptr<Server>> Server::Create(const ServerOptions& options) {
  std::unique_ptr<Server> server(new Server());
  Impl& impl = *server->impl_;
  impl.options = options;
  auto api = ApiService::Create(options);
  if (!api.ok()) return api.status();
  impl.api = std::move(*api);
  impl.read_pool = std::make_unique<net::thread_pool>(static_cast<size_t>(std::max(1, options.threads)));
  impl.write_pool = std::make_unique<net::thread_pool>(1);
  return server;
}

Status Server::Bind() {
  Impl& impl = *impl_;
  beast::error_code ec;
  tcp::resolver resolver(impl.ioc);
  auto endpoints = resolver.resolve(impl.options.host, std::to_string(impl.options.port),
                                    tcp::resolver::passive | tcp::resolver::numeric_service, ec);
  std::string where = fmt::format("{}:{}", impl.options.host, impl.options.port == 0 ? std::string("(any port)")
                                                                                    : std::to_string(impl.options.port));
  if (ec || endpoints.empty())
    return Status::IoError(fmt::format("cannot listen on {}: not an address of this machine ({})", where, ec.message()));
  tcp::endpoint endpoint = endpoints.begin()->endpoint();
  impl.acceptor.open(endpoint.protocol(), ec);
  if (!ec) impl.acceptor.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) impl.acceptor.bind(endpoint, ec);
  if (!ec) impl.acceptor.listen(std::max(1, impl.options.backlog), ec);
  if (ec) {
    beast::error_code ignored;
    impl.acceptor.close(ignored);
    return Status::IoError(fmt::format("cannot listen on {} ({})", where, ec.message()));
  }
  impl.bound_port = impl.acceptor.local_endpoint().port();
  return Status::Ok();
}

int Server::port() const { return impl_->bound_port; }

Status Server::Listen() {
  Impl& impl = *impl_;
  if (!impl.acceptor.is_open()) return Status::FailedPrecondition("Listen before Bind");
  if (!impl.stopping) net::post(impl.acceptor.get_executor(), [&impl] { impl.Accept(); });
  std::vector<std::thread> extra;
  for (int i = 1; i < impl.options.io_threads; ++i) extra.emplace_back([&impl] { impl.ioc.run(); });
  impl.running = true;
  if (impl.stopping) net::post(impl.ioc, [&impl] { impl.BeginShutdown(); });
  impl.ioc.run();
  for (auto& t : extra) t.join();
  impl.running = false;
  return Status::Ok();
}

void Server::Stop() {
  Impl& impl = *impl_;
  if (impl.stopping.exchange(true)) return;
  net::post(impl.acceptor.get_executor(), [&impl] { impl.BeginShutdown(); });
}

void Server::WaitUntilReady() const {
  while (!impl_->running) std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

ServerCounters Server::Counters() const {
  const Impl& i = *impl_;
  ServerCounters c;
  c.connections_accepted = i.connections_accepted;
  c.connections_refused = i.connections_refused;
  c.connections_open = i.connections_open;
  c.requests = i.requests;
  c.bytes_received = i.bytes_received;
  c.timeouts = i.timeouts;
  c.stopped = i.stopped;
  c.handlers_running = i.handlers_running;
  i.api->AddCounters(c);
  return c;
}

bool Server::Busy() const { return impl_->handlers_running.load() > 0; }

ApiService& Server::api() { return *impl_->api; }

}  // namespace dyad
