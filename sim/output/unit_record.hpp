#pragma once
// One finished unit as bytes: what a sweep's journal stores and what an MPI
// worker sends to rank 0. The encoding is fixed little-endian-as-in-memory
// (x86-64 and aarch64 are both little-endian; the journal header records the
// byte order and refuses another), so a record is read back bit for bit.
//
//   u64 unit | u32 summary count | f64 summary... | u32 series count |
//   f64 series... | u32 event count | events (i32 week, i32 school,
//   i64 actor, u32 kind bytes, kind, u32 detail bytes, detail)
//
// Model tables (RunOutput::tables) are not carried: sweeps record summaries,
// time series and events only (docs/sweeps.md).
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "sim/run/ensemble.hpp"

namespace loom {

struct UnitRecordOptions {
  bool series = false;  // include the time series
  bool events = false;  // include the events
};

// Appends the encoding of (unit, output) to `out`.
void encode_unit(std::uint64_t unit, const RunOutput& output, const UnitRecordOptions& options,
                 std::vector<unsigned char>& out);

// Decodes one record; throws std::runtime_error when `bytes` is not exactly
// one well-formed record.
RunOutput decode_unit(std::span<const unsigned char> bytes, std::uint64_t* unit);

}  // namespace loom
