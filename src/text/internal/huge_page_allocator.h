// HugePageAllocator: the allocator of the text module's large flat hash tables
// (TermDictionary's slots, the analyzer's table of compounds), which asks the kernel to back
// those of 2 MiB and more with huge pages.
//
// Those tables reach tens of megabytes and are probed at random, one probe per term, so with
// 4 KiB pages nearly every probe also misses the TLB and waits for a page walk, which no
// prefetch hides (a prefetch waits for the walk before it can start). With 2 MiB pages their
// translations fit in the TLB. The request is only a hint (madvise): where transparent huge
// pages are off, or on systems without madvise, the memory is ordinary memory.
//
// Thread safety: stateless; any thread may use any instance.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <new>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace ketnoi::text::internal {

template <typename T>
class HugePageAllocator {
 public:
  using value_type = T;

  HugePageAllocator() = default;
  template <typename U>
  HugePageAllocator(const HugePageAllocator<U>&) noexcept {}  // NOLINT: as std::allocator.

  T* allocate(size_t n) {
    if (n > SIZE_MAX / sizeof(T)) throw std::bad_array_new_length();
    if (n * sizeof(T) < kHugePageBytes) return std::allocator<T>().allocate(n);
    // Whole huge pages, aligned, so that every page of the table can be a huge one.
    const size_t bytes = RoundUp(n * sizeof(T));
    void* memory = ::operator new (bytes, std::align_val_t{kHugePageBytes});
#if defined(MADV_HUGEPAGE)
    madvise(memory, bytes, MADV_HUGEPAGE);  // A hint: refused, the memory is as good.
#endif
    return static_cast<T*>(memory);
  }

  void deallocate(T* memory, size_t n) noexcept {
    if (n * sizeof(T) < kHugePageBytes) {
      std::allocator<T>().deallocate(memory, n);
      return;
    }
    ::operator delete (memory, std::align_val_t{kHugePageBytes});
  }

  friend bool operator==(const HugePageAllocator&, const HugePageAllocator&) { return true; }

 private:
  static constexpr size_t kHugePageBytes = size_t{2} << 20;  // x86-64 and most ARM64 kernels.
  static size_t RoundUp(size_t bytes) {
    return (bytes + kHugePageBytes - 1) / kHugePageBytes * kHugePageBytes;
  }
};

}  // namespace ketnoi::text::internal
