// Read-only stores (issue 14, finding 10): a store in a read-only directory,
// or a write-protected store file, is read by the query commands and refused
// clearly by the writing ones. Permissions are real: the checks run in a
// child process without write access (as `nobody` when the tests run as root,
// who ignores permission bits).
#include <arpa/inet.h>
#include <grp.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <cstdio>
#include <thread>

#include "dyad/server.h"
#include "store/store_test_util.h"

namespace dyad {
namespace {

using namespace store_testing;

constexpr uid_t kNobody = 65534;

// Runs `fn` in a child process that has no write permission where the test
// took it away; returns what fn returned ("" = all held), or why it could not run.
std::string Unprivileged(const std::function<std::string()>& fn) {
  int fds[2];
  if (pipe(fds) != 0) return "pipe failed";
  std::fflush(nullptr);
  pid_t pid = fork();
  if (pid == 0) {
    close(fds[0]);
    std::string result;
    if (geteuid() == 0 && (setgroups(0, nullptr) != 0 || setgid(kNobody) != 0 || setuid(kNobody) != 0))
      result = "SKIP: cannot drop root privileges here";
    else
      result = fn();
    (void)!write(fds[1], result.data(), result.size());
    close(fds[1]);
    _exit(0);
  }
  close(fds[1]);
  std::string out;
  char buf[4096];
  ssize_t n;
  while ((n = read(fds[0], buf, sizeof buf)) > 0) out.append(buf, static_cast<size_t>(n));
  close(fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) out += " (the child process died)";
  return out;
}

// `dyad ARGS` with stdout and stderr: (exit status, output).
std::pair<int, std::string> Dyad(const std::string& args) {
  std::string cmd = std::string(DYAD_BINARY) + " " + args + " 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return {-1, "popen failed"};
  std::string out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  int status = pclose(p);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

// One HTTP/1.0 GET on loopback: the whole response, headers included.
std::string HttpGet(int port, const std::string& target) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return "";
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  std::string out;
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) {
    std::string req = "GET " + target + " HTTP/1.0\r\nHost: localhost\r\n\r\n";
    if (send(fd, req.data(), req.size(), 0) == static_cast<ssize_t>(req.size())) {
      char buf[4096];
      ssize_t n;
      while ((n = recv(fd, buf, sizeof buf, 0)) > 0) out.append(buf, static_cast<size_t>(n));
    }
  }
  close(fd);
  return out;
}

class StoreReadOnlyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::make_unique<ScratchDir>("readonly");
    store_dir_ = dir_->path() / "stores";
    fs::create_directories(store_dir_);
    db_ = (store_dir_ / "events.db").string();
    auto store = Store::Open(db_);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    auto run = RunIngest(ReplayPipeline(), **store, Replay(CodedSamples()), IngestOptions{});
    ASSERT_TRUE(run.ok());
    events_ = static_cast<int64_t>(run->events);
    store->reset();
    ASSERT_FALSE(fs::exists(db_ + "-wal"));  // a clean close leaves the main file only
    if (geteuid() == 0) {
      // `nobody` may traverse and read, and (for the file case) write the directory.
      fs::permissions(dir_->path(), fs::perms(0755));
    }
  }
  void TearDown() override {
    std::error_code ec;
    fs::permissions(store_dir_, fs::perms(0755), ec);
    dir_.reset();
  }

  // What every read-only case must give: the queries answer, writers are
  // refused with `expect_in_error`, a writer allowed to fall back reads.
  std::string CheckReadsWorkAndWritesAreRefused(const std::string& expect_in_error) {
    std::string problems;
    auto problem = [&](const std::string& p) { problems += p.substr(0, 400) + "\n"; };
    StoreOptions ro;
    ro.read_only = true;
    auto reader = Store::Open(db_, ro);
    if (!reader.ok()) return "reader: " + reader.status().ToString();
    auto n = (*reader)->CountEvents(EventQuery{.all = true});
    if (!n.ok() || *n != events_) problem("count: " + (n.ok() ? std::to_string(*n) : n.status().ToString()));
    auto stats = (*reader)->Stats();
    if (!stats.ok() || stats->documents != 4) problem("stats: " + stats.status().ToString());
    if (!(*reader)->UnknownActors(10).ok()) problem("unknown actors");
    reader->reset();

    auto writer = Store::Open(db_);
    if (writer.ok()) problem("a writer opened a read-only store");
    else if (writer.status().message().find(expect_in_error) == std::string::npos ||
             writer.status().message().find(db_) == std::string::npos)
      problem("writer error: " + writer.status().message());

    StoreOptions fallback;
    fallback.read_only_fallback = true;
    auto maybe = Store::Open(db_, fallback);
    if (!maybe.ok()) {
      problem("fallback: " + maybe.status().ToString());
    } else {
      auto count = (*maybe)->CountEvents(EventQuery{.all = true});
      if (!count.ok() || *count != events_) problem("fallback count");
      Document extra = CodedSamples()[0];
      extra.id = "extra";
      auto put = (*maybe)->PutDocuments({&extra});
      if (put.ok() || put.status().message().find("read-only") == std::string::npos)
        problem("fallback write: " + put.status().ToString());
    }

    // `dyad serve` without a token serves the store read-only; with one, it
    // needs to write and says why it cannot.
    ServerOptions so;
    so.db = db_;
    so.port = 0;
    so.threads = 2;
    so.data_dir = DYAD_SOURCE_DIR "/data";
    auto server = Server::Create(so);
    if (!server.ok()) {
      problem("serve: " + server.status().ToString());
    } else if (!(*server)->Bind().ok()) {
      problem("serve: cannot bind");
    } else {
      std::thread listener([&] { (void)(*server)->Listen(); });
      (*server)->WaitUntilReady();
      std::string events = HttpGet((*server)->port(), "/api/events?all=1&limit=1000");
      if (events.rfind("HTTP/1.1 200", 0) != 0 || events.find("sample-feed-1") == std::string::npos)
        problem("GET /api/events: " + events);
      std::string stats = HttpGet((*server)->port(), "/api/stats");
      if (stats.rfind("HTTP/1.1 200", 0) != 0) problem("GET /api/stats: " + stats);
      (*server)->Stop();
      listener.join();
    }
    so.token = "secret";
    auto writing_server = Server::Create(so);
    if (writing_server.ok() || writing_server.status().message().find(expect_in_error) == std::string::npos)
      problem("serve with a token: " + writing_server.status().ToString());

    // The commands, when this user may run the binary.
    if (access(DYAD_BINARY, X_OK) == 0 && access(DYAD_SOURCE_DIR "/data", R_OK) == 0) {
      auto [rc, out] = Dyad("events --db '" + db_ + "' --all --per-mention --format csv");
      int64_t rows = 0;  // CSV records end with CRLF
      for (size_t at = out.find("\r\n"); at != std::string::npos; at = out.find("\r\n", at + 2)) ++rows;
      if (rc != 0 || rows != events_ + 1) problem("dyad events: " + std::to_string(rows) + " rows: " + out);
      std::tie(rc, out) = Dyad("stats --db '" + db_ + "'");
      if (rc != 0 || out.find("documents        4") == std::string::npos) problem("dyad stats: " + out);
      std::tie(rc, out) = Dyad("actors --unknown --db '" + db_ + "'");
      if (rc != 0 || out.find("example document") == std::string::npos) problem("dyad actors --unknown: " + out);
      std::tie(rc, out) = Dyad("ingest -q --db '" + db_ + "' " DYAD_SOURCE_DIR "/samples");
      if (rc != 1 || out.find(expect_in_error) == std::string::npos) problem("dyad ingest: " + out);
    } else {
      problem("SKIP: the dyad binary or data/ is not readable by this user; commands not run");
    }
    return problems;
  }

  std::unique_ptr<ScratchDir> dir_;
  fs::path store_dir_;
  std::string db_;
  int64_t events_ = 0;
};

void ExpectHeld(const std::string& result) {
  if (result.rfind("SKIP:", 0) == 0) GTEST_SKIP() << result;
  EXPECT_EQ(result, "");
}

// Regression: `dyad events` said "attempt to write a readonly database".
TEST_F(StoreReadOnlyTest, StoreInAReadOnlyDirectoryIsReadable) {
  const std::string before = Slurp(db_);
  fs::permissions(store_dir_, fs::perms(0555));
  // As nobody the file (owned by root, 0644) is not writable either; as an
  // ordinary user it is, and the directory is what refuses.
  std::string expect = geteuid() == 0 ? "not writable" : "directory is not writable";
  ExpectHeld(Unprivileged([&] { return CheckReadsWorkAndWritesAreRefused(expect); }));
  fs::permissions(store_dir_, fs::perms(0755));
  EXPECT_TRUE(Slurp(db_) == before);
  EXPECT_FALSE(fs::exists(db_ + "-wal"));
  EXPECT_FALSE(fs::exists(db_ + "-shm"));
}

TEST_F(StoreReadOnlyTest, WriteProtectedFileIsReadable) {
  const std::string before = Slurp(db_);
  fs::permissions(db_, fs::perms(0444));
  if (geteuid() == 0) {
    // The directory writable by nobody: only the file refuses.
    ASSERT_EQ(chown(store_dir_.c_str(), kNobody, kNobody), 0);
  }
  ExpectHeld(Unprivileged([&] { return CheckReadsWorkAndWritesAreRefused("store file is not writable"); }));
  EXPECT_TRUE(Slurp(db_) == before);
}

// A pending write-ahead log in a read-only directory without its -shm index:
// SQLite cannot read the log, and reading the main file alone would miss
// committed transactions, so the reader is refused with what to do.
TEST_F(StoreReadOnlyTest, PendingLogInAReadOnlyDirectoryIsAClearError) {
  sqlite3* h = nullptr;
  ASSERT_EQ(sqlite3_open(db_.c_str(), &h), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(h, "PRAGMA wal_autocheckpoint=0; UPDATE documents SET title = 'changed'", nullptr, nullptr,
                         nullptr),
            SQLITE_OK);
  sqlite3_db_config(h, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
  sqlite3_close(h);
  ASSERT_GT(fs::file_size(db_ + "-wal"), 0u);
  fs::remove(db_ + "-shm");
  fs::permissions(store_dir_, fs::perms(0555));
  ExpectHeld(Unprivileged([&]() -> std::string {
    StoreOptions ro;
    ro.read_only = true;
    auto reader = Store::Open(db_, ro);
    if (reader.ok()) return "a reader opened the store without its pending log";
    if (reader.status().message().find("pending write-ahead log") == std::string::npos)
      return reader.status().message();
    return "";
  }));
}

}  // namespace
}  // namespace dyad
