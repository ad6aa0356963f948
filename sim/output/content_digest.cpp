#include "sim/output/content_digest.hpp"

#include <hdf5.h>

#include <optional>
#include <utility>

#include "sim/output/hdf5_file.hpp"
#include "sim/output/hdf5_handle.hpp"

namespace loom {
namespace {

struct Fnv {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  void add(const void* data, std::size_t n) {
    const auto* p = static_cast<const unsigned char*>(data);
    for (std::size_t i = 0; i < n; ++i) {
      h ^= p[i];
      h *= 0x100000001b3ULL;
    }
  }
};

// Chunked datasets (the large ones) are hashed as their stored chunks,
// compressed, with each chunk's Fletcher32 sum: no decompression, so the
// digest costs about one read of the file's bytes. Nullopt when the
// dataset is not chunked.
std::optional<std::uint64_t> chunk_digest(hid_t file, const std::string& dataset, Fnv f) {
  Hdf5Handle set(H5Dopen2(file, dataset.c_str(), H5P_DEFAULT), H5Dclose, "open " + dataset);
  Hdf5Handle dcpl(H5Dget_create_plist(set), H5Pclose, "read the properties of " + dataset);
  if (H5Pget_layout(dcpl) != H5D_CHUNKED) return std::nullopt;
  Hdf5Handle space(H5Dget_space(set), H5Sclose, "read the shape of " + dataset);
  const int rank = H5Sget_simple_extent_ndims(space);
  if (rank < 1 || rank > 8) hdf5_fail("read the shape of " + dataset);
  hsize_t chunks = 0;
  hdf5_check(H5Dget_num_chunks(set, space, &chunks), "count the chunks of " + dataset);
  std::vector<hsize_t> offset(static_cast<std::size_t>(rank));
  std::vector<unsigned char> bytes;
  for (hsize_t i = 0; i < chunks; ++i) {
    unsigned mask = 0;
    haddr_t address = 0;
    hsize_t size = 0;
    hdf5_check(H5Dget_chunk_info(set, space, i, offset.data(), &mask, &address, &size),
               "locate a chunk of " + dataset);
    if (size > (hsize_t{1} << 31)) hdf5_fail("read a chunk of " + dataset + " (too large)");
    bytes.resize(static_cast<std::size_t>(size));
    std::uint32_t filters = 0;
    hdf5_check(H5Dread_chunk(set, H5P_DEFAULT, offset.data(), &filters, bytes.data()),
               "read a chunk of " + dataset);
    f.add(offset.data(), offset.size() * sizeof offset[0]);
    f.add(&filters, sizeof filters);
    f.add(bytes.data(), bytes.size());
  }
  return f.h;
}

}  // namespace

std::uint64_t content_digest(const Hdf5Reader& file, hid_t raw, const std::string& dataset) {
  Fnv f;
  f.add(dataset.data(), dataset.size() + 1);  // with its NUL: "/a" + "b..." != "/ab" + "..."
  for (const std::uint64_t d : file.shape(dataset)) f.add(&d, sizeof d);
  if (const auto chunked = chunk_digest(raw, dataset, f)) return *chunked;
  const std::vector<unsigned char> bytes = file.raw_bytes(dataset);
  f.add(bytes.data(), bytes.size());
  return f.h;
}

void add_content_digests(const std::filesystem::path& path, const std::vector<std::string>& only) {
  std::vector<std::pair<std::string, std::uint64_t>> digests;
  silence_hdf5();
  {
    const Hdf5Reader file(path);
    Hdf5Handle raw(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose,
                   "open " + path.string());
    const std::vector<std::string> sets = only.empty() ? file.dataset_paths() : only;
    for (const auto& d : sets) digests.emplace_back(d, content_digest(file, raw, d));
  }
  const hid_t f = H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
  if (f < 0) hdf5_fail("open " + path.string() + " for writing");
  try {
    Hdf5Handle scalar(H5Screate(H5S_SCALAR), H5Sclose, "create a dataspace");
    for (const auto& [d, digest] : digests) {
      Hdf5Handle set(H5Dopen2(f, d.c_str(), H5P_DEFAULT), H5Dclose, "open " + d);
      if (H5Aexists(set, kDigestAttribute) > 0)
        hdf5_check(H5Adelete(set, kDigestAttribute), "replace the digest of " + d);
      Hdf5Handle attr(
          H5Acreate2(set, kDigestAttribute, H5T_STD_U64LE, scalar, H5P_DEFAULT, H5P_DEFAULT),
          H5Aclose, "create the digest of " + d);
      hdf5_check(H5Awrite(attr, H5T_NATIVE_UINT64, &digest), "write the digest of " + d);
    }
  } catch (...) {
    H5Fclose(f);
    throw;
  }
  hdf5_check(H5Fclose(f), "close " + path.string());  // writes the metadata: checked
}

DigestCheck check_content_digests(const Hdf5Reader& file, const std::filesystem::path& path) {
  silence_hdf5();
  Hdf5Handle raw(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose,
                 "open " + path.string());
  DigestCheck c;
  for (const auto& d : file.dataset_paths()) {
    if (!file.has_attribute(d, kDigestAttribute)) {
      c.without.push_back(d);
      continue;
    }
    if (file.unsigned_attribute(d, kDigestAttribute) != content_digest(file, raw, d)) {
      c.wrong.push_back(d);
    } else {
      ++c.verified;
    }
  }
  return c;
}

}  // namespace loom
