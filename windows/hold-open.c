/* hold-open.exe FILE READY RELEASE: opens FILE with share mode 0 (no other process may open it,
 * as a running Chromium holds its Cookies on Windows), creates READY, then holds FILE until
 * RELEASE exists or 60 seconds pass, and exits. For the Windows integration suite
 * (tests/windows_wine.rs, run by scripts/windows-tests.sh under wine).
 *
 * Build: x86_64-w64-mingw32-gcc -municode -O2 -o hold-open.exe hold-open.c
 */
#include <windows.h>
#include <stdio.h>

int wmain(int argc, wchar_t **argv)
{
    if (argc != 4) {
        fwprintf(stderr, L"usage: hold-open FILE READY RELEASE\n");
        return 2;
    }
    HANDLE h = CreateFileW(argv[1], GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING,
                           FILE_ATTRIBUTE_NORMAL, NULL);
    if (h == INVALID_HANDLE_VALUE) {
        fwprintf(stderr, L"hold-open: cannot open %ls (error %lu)\n", argv[1], GetLastError());
        return 1;
    }
    HANDLE r = CreateFileW(argv[2], GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL,
                           NULL);
    if (r == INVALID_HANDLE_VALUE) {
        fwprintf(stderr, L"hold-open: cannot create %ls (error %lu)\n", argv[2], GetLastError());
        CloseHandle(h);
        return 1;
    }
    CloseHandle(r);
    for (int i = 0; i < 600; i++) {
        if (GetFileAttributesW(argv[3]) != INVALID_FILE_ATTRIBUTES)
            break;
        Sleep(100);
    }
    CloseHandle(h);
    return 0;
}
