#include "sim/output/content_digest.hpp"

#include <hdf5.h>

#include <cstring>
#include <optional>
#include <utility>

#include "sim/output/hdf5_file.hpp"
#include "sim/output/hdf5_handle.hpp"
#include "sim/run/run_plan.hpp"

namespace loom {
namespace {

// Chunked datasets (the large ones) are hashed as their stored chunks,
// compressed, with each chunk's Fletcher32 sum: no decompression, so the
// digest costs about one read of the file's bytes. Nullopt when the
// dataset is not chunked.
std::optional<std::uint64_t> chunk_digest(hid_t file, const std::string& dataset, Fnv1a64 f) {
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
  return f.hash;
}

struct AttributeWalk {
  Fnv1a64* f;
  std::string object;
};

herr_t hash_attribute(hid_t object, const char* name, const H5A_info_t*, void* data) {
  auto& w = *static_cast<AttributeWalk*>(data);
  if (std::strcmp(name, kDigestAttribute) == 0 || std::strcmp(name, kAttributeDigest) == 0)
    return 0;
  w.f->add(w.object.data(), w.object.size() + 1);
  w.f->add(name, std::strlen(name) + 1);
  Hdf5Handle attr(H5Aopen(object, name, H5P_DEFAULT), H5Aclose,
                  std::string("open attribute ") + name);
  Hdf5Handle type(H5Aget_type(attr), H5Tclose, std::string("read the type of ") + name);
  Hdf5Handle space(H5Aget_space(attr), H5Sclose, std::string("read the shape of ") + name);
  const hssize_t n = H5Sget_simple_extent_npoints(space);
  if (n < 0 || n > (1 << 20)) hdf5_fail(std::string("read attribute ") + name);
  if (H5Tget_class(type) == H5T_STRING && H5Tis_variable_str(type) > 0) {
    Hdf5Handle text = utf8_string_type();
    std::vector<char*> values(static_cast<std::size_t>(n), nullptr);
    hdf5_check(H5Aread(attr, text, values.data()), std::string("read attribute ") + name);
    bool null = false;
    for (const char* v : values) {
      null = null || !v;
      if (v) w.f->add(v, std::strlen(v) + 1);
    }
    H5Dvlen_reclaim(text, space, H5P_DEFAULT, values.data());
    if (null) hdf5_fail(std::string("read attribute ") + name + " (a null string)");
    return 0;
  }
  Hdf5Handle native(H5Tget_native_type(type, H5T_DIR_ASCEND), H5Tclose,
                    std::string("map the type of ") + name);
  std::vector<unsigned char> bytes(static_cast<std::size_t>(n) * H5Tget_size(native));
  if (!bytes.empty())
    hdf5_check(H5Aread(attr, native, bytes.data()), std::string("read attribute ") + name);
  w.f->add(bytes.data(), bytes.size());
  return 0;
}

herr_t hash_object_attributes(hid_t file, const char* name, const H5O_info_t*, void* data) {
  auto& w = *static_cast<AttributeWalk*>(data);
  w.object = std::string("/") + (std::strcmp(name, ".") == 0 ? "" : name);
  Hdf5Handle object(H5Oopen(file, name, H5P_DEFAULT), H5Oclose, "open " + w.object);
  hsize_t at = 0;
  return H5Aiterate2(object, H5_INDEX_NAME, H5_ITER_INC, &at, hash_attribute, data);
}

}  // namespace

std::uint64_t attribute_digest(std::int64_t raw) {
  Fnv1a64 f;
  AttributeWalk w{&f, ""};
  hdf5_check(H5Ovisit(raw, H5_INDEX_NAME, H5_ITER_INC, hash_object_attributes, &w),
             "read the attributes");
  return f.hash;
}

std::uint64_t content_digest(const Hdf5Reader& file, hid_t raw, const std::string& dataset) {
  Fnv1a64 f;
  f.add(dataset.data(), dataset.size() + 1);  // with its NUL: "/a" + "b..." != "/ab" + "..."
  for (const std::uint64_t d : file.shape(dataset)) f.add(&d, sizeof d);
  if (const auto chunked = chunk_digest(raw, dataset, f)) return *chunked;
  const std::vector<unsigned char> bytes = file.raw_bytes(dataset);
  f.add(bytes.data(), bytes.size());
  return f.hash;
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
    // Every attribute of the file (provenance, scenario descriptions,
    // analysis settings), as one digest on the root.
    digests.emplace_back("/", attribute_digest(f));
    for (const auto& [d, digest] : digests) {
      const bool root = d == "/";
      const char* name = root ? kAttributeDigest : kDigestAttribute;
      Hdf5Handle set(H5Oopen(f, d.c_str(), H5P_DEFAULT), H5Oclose, "open " + d);
      if (H5Aexists(set, name) > 0) hdf5_check(H5Adelete(set, name), "replace the digest of " + d);
      Hdf5Handle attr(H5Acreate2(set, name, H5T_STD_U64LE, scalar, H5P_DEFAULT, H5P_DEFAULT),
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
  if (file.has_attribute("/", kAttributeDigest)) {
    if (file.unsigned_attribute("/", kAttributeDigest) != attribute_digest(raw)) {
      c.wrong.push_back("the attributes");
    } else {
      c.attributes = true;
    }
  }
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
