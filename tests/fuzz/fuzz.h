/* fuzz.h - the libFuzzer entry point every tests/fuzz_*.c defines. */
#ifndef TRIAGE_FUZZ_H
#define TRIAGE_FUZZ_H
#include <stddef.h>
#include <stdint.h>
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
#endif
