/* bcryptprimitives.dll for wine 8 (Debian 12), which lacks it.
 *
 * Rust's standard library (since 1.78) gets its random bytes from ProcessPrng in
 * bcryptprimitives.dll, so every Rust program fails to start under a wine that does not have
 * it. This shim exports ProcessPrng and fills the buffer with RtlGenRandom (advapi32's
 * SystemFunction036). Only for running the Windows tests under wine (scripts/windows-tests.sh):
 * it is placed next to the test .exe, never shipped.
 *
 * Build: x86_64-w64-mingw32-gcc -shared -O2 -o bcryptprimitives.dll bcryptprimitives.c -ladvapi32
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
    while (len > 0) {
        ULONG chunk = len > 0x40000000 ? 0x40000000 : (ULONG)len;
        if (!SystemFunction036(data, chunk))
            return FALSE;
        data += chunk;
        len -= chunk;
    }
    return TRUE;
}
