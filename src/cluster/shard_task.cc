// Shards of inputs and one distributed-ingest task (include/dyad/cluster.h).
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <fstream>

#include "dyad/cluster.h"
#include "dyad/extract.h"
#include "pgstore/postgres_store.h"

namespace dyad {

namespace {

// The bytes [begin, end) of a file, or an error naming it.
Result<std::string> ReadRange(const std::string& path, uint64_t begin, uint64_t end, size_t limit) {
  if (end < begin) return Status::InvalidArgument(fmt::format("{}: bad byte range {}-{}", path, begin, end));
  if (end - begin > limit)
    return Status::ResourceExhausted(fmt::format("{}: range of {} bytes is over the limit of {}", path, end - begin, limit));
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IoError(path + ": cannot open");
  in.seekg(static_cast<std::streamoff>(begin));
  std::string bytes(end - begin, '\0');
  in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (static_cast<uint64_t>(in.gcount()) != end - begin)
    return Status::IoError(fmt::format("{}: the file ends before byte {} (changed since it was listed?)", path, end));
  return bytes;
}

// "path#12" (a record without a URI, numbered within the range) -> "path#<first + 11>".
std::string RenumberRecord(const std::string& where, const std::string& path, uint64_t first) {
  if (where.size() <= path.size() + 1 || where.compare(0, path.size(), path) != 0 || where[path.size()] != '#')
    return where;
  std::string_view n(where.data() + path.size() + 1, where.size() - path.size() - 1);
  if (n.empty() || n.size() > 18 || !std::all_of(n.begin(), n.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return where;
  return path + "#" + std::to_string(std::stoull(std::string(n)) + first - 1);
}

}  // namespace

void ReadShard(const Shard& shard, const ReadOptions& options, const DocumentSink& sink) {
  switch (shard.kind) {
    case Shard::Kind::kFiles:
      ReadInputs(shard.paths, options, sink);
      return;
    case Shard::Kind::kJsonlLines: {
      // A line may be as large as a document; a range holds many.
      auto bytes = ReadRange(shard.path, shard.begin, shard.end, std::max<size_t>(options.max_document_bytes, 1u << 30));
      if (!bytes.ok()) return sink(shard.path, bytes.status());
      std::string_view all = *bytes;
      uint64_t line_no = shard.first;
      size_t pos = 0;
      while (pos < all.size()) {
        size_t nl = all.find('\n', pos);
        if (nl == std::string_view::npos) nl = all.size();
        std::string_view line = all.substr(pos, nl - pos);
        pos = nl + 1;
        uint64_t this_line = line_no++;
        if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
        std::string where = fmt::format("{}:{}", shard.path, this_line);
        sink(where, DocumentFromJsonLine(line, where, options));
      }
      return;
    }
    case Shard::Kind::kWarcRecords: {
      auto bytes = ReadRange(shard.path, shard.begin, shard.end, size_t{4} << 30);
      if (!bytes.ok()) return sink(shard.path, bytes.status());
      ReadWarcSource(ByteSource::FromMemory(*bytes), shard.path, options.max_document_bytes,
                     [&](const std::string& where, Result<Document> doc) {
                       std::string origin = RenumberRecord(where, shard.path, shard.first);
                       if (doc.ok()) doc->origin = origin;
                       sink(origin, std::move(doc));
                     });
      return;
    }
  }
}

Result<ShardTaskResult> RunShardTask(const Pipeline& pipeline, PostgresStore& writer, PostgresStore& reader,
                                     const std::string& key, const Shard& shard, const ShardTaskOptions& options) {
  ShardTaskResult out;
  TaskRecord done_record;
  auto done = reader.TaskDone(key, &done_record);
  if (!done.ok()) return done.status();
  if (*done) {
    out.skipped = true;
    out.progress.read = done_record.documents;
    out.progress.done = true;
    return out;
  }
  int64_t skipped_unchanged = 0, skipped_duplicates = 0;
  Status lookup_failed;
  IngestOptions io;
  io.jobs = 1;
  io.batch_documents = options.batch_documents;
  io.skip_known = false;  // per shard below, not by listing the whole store
  io.default_date = options.default_date;
  io.on_error = [&](const std::string& origin, const Status& s) {
    if (out.error_messages.size() < options.max_error_messages) out.error_messages.push_back(origin + ": " + s.message());
  };
  auto produce = [&](const std::function<void(const std::string&, Result<Document>)>& emit) {
    // Documents an earlier attempt of this task committed skip the pipeline.
    std::vector<std::pair<std::string, Document>> pending;
    auto flush = [&]() {
      if (pending.empty() || !lookup_failed.ok()) return pending.clear();
      std::vector<std::string> ids, hashes;
      for (const auto& [origin, doc] : pending) {
        ids.push_back(doc.id);
        hashes.push_back(ContentHash(doc.raw));
      }
      auto states = reader.LookupKeys(ids, hashes);
      if (!states.ok()) {
        lookup_failed = states.status();
        return pending.clear();
      }
      for (size_t i = 0; i < pending.size(); ++i) {
        KeyState st = (*states)[i];
        if (st == KeyState::kUnchanged) ++skipped_unchanged;
        else if (st == KeyState::kDuplicate) ++skipped_duplicates;
        else emit(pending[i].first, std::move(pending[i].second));
      }
      pending.clear();
    };
    ReadShard(shard, options.read, [&](const std::string& origin, Result<Document> doc) {
      if (!doc.ok()) {
        flush();  // keep input order
        return emit(origin, std::move(doc));
      }
      pending.emplace_back(origin, std::move(*doc));
      if (pending.size() >= std::max<size_t>(1, options.lookup_documents)) flush();
    });
    flush();
  };
  auto result = RunIngest(pipeline, writer, produce, io);
  if (!result.ok()) return result.status();
  if (!lookup_failed.ok()) return lookup_failed;
  out.progress = *result;
  out.progress.read += skipped_unchanged + skipped_duplicates;
  out.progress.unchanged += skipped_unchanged;
  out.progress.duplicates += skipped_duplicates;
  const IngestProgress& p = out.progress;
  DYAD_RETURN_IF_ERROR(writer.RecordTask(key, TaskRecord{p.read, p.written, p.unchanged, p.duplicates, p.errors, p.events}));
  return out;
}

}  // namespace dyad
