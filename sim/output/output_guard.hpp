#pragma once
// The results path, checked before any computation and locked while the
// results are written, so that an output problem costs no work and no
// user file is ever destroyed (docs/output.md, "Writing guarantee").
//
//   const OutputGuard guard = guard_output("out/x.h5", {"x.toml"}, force);
//   ... compute and write out/x.h5 (via out/x.h5.partial) ...
//   // the guard's destructor releases the lock
//
// guard_output refuses (OutputError, exit code 3 in `loom`):
// - an empty path, a folder, a symbolic link, a device, pipe or socket:
//   never replaced, not even with `force` (a link is not followed: the
//   rename that finishes a run would replace the link, the write would go to
//   its target; give the real path instead);
// - one of the input files (std::filesystem::equivalent, so another name
//   for the same file counts), also with `force`: callers pass every file
//   a run reads (a scenario's bases and the data files it names, from
//   ScenarioFile::files and data_files, not only the files on the command
//   line: `--force` once replaced a scenario's base);
// - an existing file that is not a Loom results file (HDF5 signature and
//   root attribute format = "loom-results"), unless `force`;
// - a parent folder that cannot be created or written to;
// - a second writer of the same output: the guard holds an exclusive
//   flock() on "<output>.lock", which records the holder's PID; the refusal
//   names it. flock() locks end with their process, so a lock file left by
//   a killed run is simply taken over.
// An existing Loom results file is allowed: the new one replaces it
// atomically when complete (written as .partial, then renamed).
//
// The check and the rename are not one atomic step: a file swapped in
// between by another program is not caught (Loom's own writers are, by the
// lock).
#include <filesystem>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

namespace loom {

class OutputError : public std::runtime_error {
  using std::runtime_error::runtime_error;
};

// What kind of file an output is: its name in messages, what an existing
// file of that kind is (it may be replaced; anything else needs `force`),
// how to tell, and what to do instead.
struct OutputKind {
  std::string what;                                                       // "results file"
  std::string ours;                                                       // "a Loom results file"
  std::function<std::string(const std::filesystem::path&)> why_not_ours;  // "" = ours
  std::string advice;  // after a refusal of a file that is not ours
};
OutputKind loom_results_output();
OutputKind png_output();  // the viewer's screenshots: PNG signature; no --force
OutputKind pdf_output();  // the viewer's handouts: "%PDF-" at the start; no --force

// Holds the lock on an output path; releasing it (destructor) removes the
// lock file. Move-only.
class OutputGuard {
 public:
  OutputGuard(OutputGuard&& other) noexcept;
  OutputGuard& operator=(OutputGuard&& other) noexcept;
  OutputGuard(const OutputGuard&) = delete;
  OutputGuard& operator=(const OutputGuard&) = delete;
  ~OutputGuard();

  const std::filesystem::path& path() const { return path_; }
  const std::filesystem::path& lock_path() const { return lock_path_; }

 private:
  friend OutputGuard guard_output(const std::filesystem::path&,
                                  const std::vector<std::filesystem::path>&, bool,
                                  const OutputKind&, double);
  OutputGuard(std::filesystem::path path, std::filesystem::path lock_path, int fd);
  void release() noexcept;

  std::filesystem::path path_;
  std::filesystem::path lock_path_;
  int fd_ = -1;
};

// Checks `output` as described above, creates its parent folder when
// missing (as `out/` for the default outputs), and locks it. `inputs` are
// every file the command reads. A lock held by another process is waited
// for up to `wait_seconds` (cooperating Slurm array tasks check the same
// output at once; everything else refuses at once). Throws OutputError.
OutputGuard guard_output(const std::filesystem::path& output,
                         const std::vector<std::filesystem::path>& inputs, bool force,
                         const OutputKind& kind = loom_results_output(), double wait_seconds = 0);

// Empty when `path` is a Loom results file (HDF5 signature at the start and
// root attribute format = "loom-results"); otherwise why not, in words.
std::string why_not_loom_results(const std::filesystem::path& path);

}  // namespace loom
