// ncurses for Swift: SwiftPM drops pkg-config's -D flags, so the wide
// character API is switched on here, and the C macros and globals Swift
// cannot see get inline accessors.
#ifndef SMTP_SETUP_CNCURSESW_SHIM_H
#define SMTP_SETUP_CNCURSESW_SHIM_H

#define NCURSES_WIDECHAR 1
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <locale.h>
#include <langinfo.h>
#include <stdio.h>
#include <wchar.h>
#include <ncursesw/curses.h>

static inline WINDOW *shim_stdscr(void) { return stdscr; }
static inline int shim_lines(void) { return LINES; }
static inline int shim_cols(void) { return COLS; }
static inline FILE *shim_stdin(void) { return stdin; }
static inline FILE *shim_stdout(void) { return stdout; }

static inline attr_t shim_a_normal(void) { return A_NORMAL; }
static inline attr_t shim_a_bold(void) { return A_BOLD; }
static inline attr_t shim_a_dim(void) { return A_DIM; }
static inline attr_t shim_a_reverse(void) { return A_REVERSE; }
static inline attr_t shim_a_underline(void) { return A_UNDERLINE; }

static inline int shim_key_f0(void) { return KEY_F0; }
static inline int shim_key_code_yes(void) { return KEY_CODE_YES; }

/// Whether the terminal can address the cursor at all ("cup"): a screen
/// without it cannot be drawn, so the caller falls back to prompts.
static inline int shim_has_cursor_addressing(void) {
    const char *cup = tigetstr("cup");
    return cup != NULL && cup != (char *)-1;
}
#endif
