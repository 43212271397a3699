// dyad serve: the JSON HTTP API over a store (docs/api.md). Reads are open;
// POST /api/documents needs DYAD_TOKEN (Authorization: Bearer ...).
#include <csignal>
#include <cstdlib>
#include <iostream>
#include <thread>

#include <pthread.h>

#include "cli/commands.h"
#include "dyad/dashboard.h"
#include "dyad/server.h"

namespace dyad::cli {

namespace {

class ServeCommand : public Command {
 public:
  CLI::App* Setup(CLI::App& app, const char* argv0) override {
    argv0_ = argv0;
    cmd_ = app.add_subcommand("serve", "Serve the store as a JSON HTTP API (writes need DYAD_TOKEN)");
    cmd_->add_option("--db", options_.db, "The store: a SQLite file, or postgresql://user@host:port/dbname (or a libpq connection string)")->capture_default_str();
    cmd_->add_option("--host", options_.host, "Address to listen on")->capture_default_str();
    cmd_->add_option("--port", options_.port, "Port (0 = any free port, printed)")->check(CLI::Range(0, 65535))->capture_default_str();
    cmd_->add_option("--threads", options_.threads, "Worker threads for read requests (POSTs have a lane of their own)")
        ->check(CLI::Range(1, 1024))
        ->capture_default_str();
    cmd_->add_option("--max-connections", options_.max_connections, "Open connections at most (more get 503)")
        ->check(CLI::Range(1, 1000000))
        ->capture_default_str();
    cmd_->add_option("--max-body", options_.max_body_bytes, "Largest request body in bytes, chunked included (413)")
        ->check(CLI::Range(size_t{1}, size_t{1} << 30))
        ->capture_default_str();
    cmd_->add_option("--header-timeout", header_timeout_s_, "Seconds for a request's header to arrive whole")
        ->check(CLI::Range(0.1, 3600.0))
        ->capture_default_str();
    cmd_->add_option("--idle-timeout", idle_timeout_s_, "Seconds a kept-alive connection may wait for its next request")
        ->check(CLI::Range(0.1, 3600.0))
        ->capture_default_str();
    cmd_->add_option("--time-budget", time_budget_s_,
                     "Seconds from a request's body to its answer, coding included; then 503 and the work stops")
        ->check(CLI::Range(0.1, 3600.0))
        ->capture_default_str();
    cmd_->add_option("--shutdown-timeout", shutdown_timeout_s_,
                     "Seconds SIGTERM waits for running requests before cutting them off")
        ->check(CLI::Range(0.0, 3600.0))
        ->capture_default_str();
    cmd_->add_option("--max-limit", options_.max_limit, "Largest page size of /api/events")->check(CLI::Range(1, 1000000))->capture_default_str();
    cmd_->add_option("--data", data_dir_, "Directory of the built-in dictionaries (for POST)");
    cmd_->add_flag("--log", options_.log_requests, "Log every request on stderr");
    return cmd_;
  }

  int Run() override {
    options_.header_timeout_ms = static_cast<int>(header_timeout_s_ * 1000);
    options_.idle_timeout_ms = static_cast<int>(idle_timeout_s_ * 1000);
    options_.time_budget_ms = static_cast<int>(time_budget_s_ * 1000);
    options_.shutdown_timeout_ms = static_cast<int>(shutdown_timeout_s_ * 1000);
    if (const char* token = std::getenv("DYAD_TOKEN"); token && *token) options_.token = token;
    // Dictionaries code POSTed texts (storing needs the token; the dashboard's
    // "add text" codes without storing).
    auto data = FindDataDir(data_dir_, argv0_);
    if (data.ok()) {
      options_.data_dir = *data;
    } else if (!options_.token.empty()) {
      std::cerr << "dyad: " << data.status().message() << '\n';
      return kExitUsage;
    }
    options_.web_assets = &EmbeddedWebAssets();
    // SIGINT/SIGTERM stop the server cleanly: a thread waits for them.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    auto server = Server::Create(options_);
    if (!server.ok()) {
      std::cerr << "dyad: " << server.status().message() << '\n';
      return kExitSomeFailed;
    }
    Status bound = (*server)->Bind();
    if (!bound.ok()) {
      std::cerr << "dyad: " << bound.message() << '\n';
      return kExitSomeFailed;
    }
    std::cerr << "dyad: serving " << options_.db << " on http://" << options_.host << ':' << (*server)->port()
              << "/ (dashboard" << (EmbeddedWebAssets().empty() ? " not built" : "") << "; JSON API under /api/; writes "
              << (options_.token.empty() ? "disabled: DYAD_TOKEN not set" : "enabled") << ")\n";
    Server* raw = server->get();
    std::thread waiter([signals, raw] {
      int sig = 0;
      sigwait(&signals, &sig);
      raw->Stop();
    });
    Status s = (*server)->Listen();
    // Wake the waiter if the server stopped on its own.
    pthread_kill(waiter.native_handle(), SIGTERM);
    waiter.join();
    if (!s.ok()) {
      std::cerr << "dyad: " << s.message() << '\n';
      return kExitSomeFailed;
    }
    if ((*server)->Busy()) {
      // A stage in the middle of a long document does not poll the stop flag;
      // its result would be thrown away, and nothing is half-written (a store
      // write runs only after coding and is one transaction), so do not wait.
      std::cerr << "dyad: stopped; a request still being coded was abandoned (nothing of it was stored)\n";
      std::_Exit(kExitOk);
    }
    std::cerr << "dyad: stopped\n";
    return kExitOk;
  }

 private:
  CLI::App* cmd_ = nullptr;
  const char* argv0_ = nullptr;
  ServerOptions options_;
  std::string data_dir_;
  double header_timeout_s_ = options_.header_timeout_ms / 1000.0;
  double idle_timeout_s_ = options_.idle_timeout_ms / 1000.0;
  double time_budget_s_ = options_.time_budget_ms / 1000.0;
  double shutdown_timeout_s_ = options_.shutdown_timeout_ms / 1000.0;
};

}  // namespace

DYAD_REGISTER_COMMAND("serve", ServeCommand);

}  // namespace dyad::cli
