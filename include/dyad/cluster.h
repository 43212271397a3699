// Distributed ingest (`dyad cluster ingest`): the pieces of input one task
// reads ("shards") and running one task into a PostgreSQL store.
//
// The Dask driver (python/dyad_cluster.py) lists the inputs and cuts them
// into shards: whole files, JSONL line ranges, WARC record ranges. A worker
// (`dyad cluster work`) runs each shard through the store pipeline with one
// pipeline thread. A shard reads exactly the documents, with the same ids
// and origins, that reading its whole file yields for that range, so a
// distributed run stores what `dyad ingest` stores.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "dyad/ingest.h"
#include "dyad/pipeline.h"
#include "dyad/status.h"
#include "dyad/store.h"

namespace dyad {

class PostgresStore;

struct Shard {
  enum class Kind { kFiles, kJsonlLines, kWarcRecords };
  Kind kind = Kind::kFiles;
  std::vector<std::string> paths;  // kFiles: files read whole, as `dyad ingest` reads them
  std::string path;                // kJsonlLines, kWarcRecords
  // [begin, end): byte offsets in the file (compressed offsets for .warc.gz),
  // at line starts (JSONL) or record / gzip member starts (WARC).
  uint64_t begin = 0, end = 0;
  // The number of the shard's first line (1-based) or record (1-based), so
  // origins ("file.jsonl:1201", "crawl.warc.gz#37") match a whole-file read.
  uint64_t first = 1;
};

// Reads the shard's documents (or failures) in order. An unreadable file or
// range is reported to the sink as an error naming it.
void ReadShard(const Shard& shard, const ReadOptions& options, const DocumentSink& sink);

struct ShardTaskOptions {
  ReadOptions read;
  std::string default_date;   // for documents without a date
  size_t batch_documents = 256;
  size_t lookup_documents = 256;  // documents checked against the store per round trip
  size_t max_error_messages = 20;
};

struct ShardTaskResult {
  bool skipped = false;  // the ledger says an earlier run finished this task
  IngestProgress progress;
  std::vector<std::string> error_messages;  // "origin: message", the first max_error_messages
};

// Runs one task: unless the ledger has `key`, reads the shard, skips the
// pipeline for documents the store already holds (an earlier, interrupted
// attempt), codes the rest with one pipeline thread, writes them in batches
// through `writer`, then records `key` in the ledger. `reader` (another
// connection to the same database) answers the lookups meanwhile. Re-running
// a task, whole or after a kill at any point, stores nothing twice. Errors
// are the store's; bad documents are counted and reported, not fatal.
// (When the ledger has `key`, progress.read is the count it recorded.)
Result<ShardTaskResult> RunShardTask(const Pipeline& pipeline, PostgresStore& writer, PostgresStore& reader,
                                     const std::string& key, const Shard& shard, const ShardTaskOptions& options);

}  // namespace dyad
