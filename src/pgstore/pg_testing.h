// Test support (header-only; included by *_test.cc only): a throwaway
// PostgreSQL for the tests of this process.
//
// Under ctest, the `pg_fixture_start` test has started one cluster for the
// whole run and $DYAD_TEST_PG_FILE names the file holding its connection
// string. Run directly (./dyad_tests --gtest_filter='Pg*'), the first test
// starts a private cluster with scripts/pg_local.sh and it is stopped at exit.
// Each NewDatabase() is a fresh, empty database. Without PostgreSQL server
// binaries, Get() is null and SkipReason() says why (tests GTEST_SKIP).
#pragma once

#include <libpq-fe.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <string>

namespace dyad::pgtesting {

class TestPostgres {
 public:
  static TestPostgres* Get() {
    static std::once_flag once;
    std::call_once(once, [] { instance() = Start(); });
    return instance().get();
  }
  static const std::string& SkipReason() { return reason(); }

  ~TestPostgres() {
    if (!private_dir_.empty()) {
      std::string cmd = "bash '" DYAD_SOURCE_DIR "/scripts/pg_local.sh' stop '" + private_dir_ + "' >/dev/null 2>&1";
      (void)std::system(cmd.c_str());
      std::error_code ec;
      std::filesystem::remove_all(private_dir_, ec);
    }
  }

  // A new empty database; its connection string.
  std::string NewDatabase() {
    static std::atomic<int> counter{0};
    std::string name = "t" + std::to_string(getpid()) + "_" + std::to_string(counter++);
    Exec("DROP DATABASE IF EXISTS " + name);
    Exec("CREATE DATABASE " + name);
    return Conninfo(name);
  }
  // The connection string of database `name` on this cluster.
  std::string Conninfo(const std::string& name) const { return base_ + " dbname=" + name; }
  // Runs SQL on the maintenance database (or `conninfo`); false on error.
  bool Exec(const std::string& sql, const std::string& conninfo = "") const {
    PGconn* c = PQconnectdb((conninfo.empty() ? Conninfo("postgres") : conninfo).c_str());
    bool ok = PQstatus(c) == CONNECTION_OK;
    PQsetNoticeProcessor(c, [](void*, const char*) {}, nullptr);
    if (ok) {
      PGresult* r = PQexec(c, sql.c_str());
      ok = PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK;
      PQclear(r);
    }
    PQfinish(c);
    return ok;
  }

 private:
  static std::unique_ptr<TestPostgres>& instance() {
    static std::unique_ptr<TestPostgres> p;
    return p;
  }
  static std::string& reason() {
    static std::string r;
    return r;
  }

  // "host=... user=... dbname=postgres" -> without the dbname.
  static std::string WithoutDbname(std::string conninfo) {
    while (!conninfo.empty() && (conninfo.back() == '\n' || conninfo.back() == ' ')) conninfo.pop_back();
    size_t p = conninfo.find(" dbname=");
    return p == std::string::npos ? conninfo : conninfo.substr(0, p);
  }

  static std::unique_ptr<TestPostgres> Start() {
    auto pg = std::unique_ptr<TestPostgres>(new TestPostgres());
    if (const char* file = std::getenv("DYAD_TEST_PG_FILE"); file && *file) {
      std::ifstream in(file);
      std::string line;
      if (in && std::getline(in, line) && !line.empty()) {
        pg->base_ = WithoutDbname(line);
        return pg;
      }
      // The fixture ran but found no PostgreSQL: its reason is in the file's sibling.
      std::ifstream why(std::string(file) + ".skip");
      std::getline(why, reason());
      if (reason().empty()) reason() = std::string("no PostgreSQL connection in ") + file;
      return nullptr;
    }
    char tmpl[] = "/tmp/dyadpg.XXXXXX";
    if (!mkdtemp(tmpl)) {
      reason() = "cannot create a temporary directory";
      return nullptr;
    }
    std::string dir = tmpl;
    std::string cmd = "bash '" DYAD_SOURCE_DIR "/scripts/pg_local.sh' start '" + dir + "' 2>" + dir + ".err";
    FILE* p = popen(cmd.c_str(), "r");
    std::string out;
    char buf[512];
    while (p && fgets(buf, sizeof buf, p)) out += buf;
    int status = p ? pclose(p) : -1;
    if (status != 0) {
      std::ifstream err(dir + ".err");
      std::getline(err, reason());
      if (reason().empty()) reason() = "scripts/pg_local.sh start failed";
      std::error_code ec;
      std::filesystem::remove_all(dir, ec);
      std::filesystem::remove(dir + ".err", ec);
      return nullptr;
    }
    std::error_code ec;
    std::filesystem::remove(dir + ".err", ec);
    pg->private_dir_ = dir;
    pg->base_ = WithoutDbname(out);
    return pg;
  }

  TestPostgres() = default;
  std::string base_;
  std::string private_dir_;
};

}  // namespace dyad::pgtesting

// Skips the current test when no PostgreSQL is available; else `pg` is set.
#define DYAD_REQUIRE_POSTGRES(pg)                                                            \
  ::dyad::pgtesting::TestPostgres* pg = ::dyad::pgtesting::TestPostgres::Get();              \
  if (!pg) GTEST_SKIP() << "PostgreSQL is not available: " << ::dyad::pgtesting::TestPostgres::SkipReason()
