/* keyboard_layouts.c - the on-screen keyboard's layouts, as data: every
 * row of every layout (letters, symbols, e-mail, the phone pad, Hangul,
 * the kana tables), and what shift and the script of each are. */
#include "keyboard_internal.h"

#include <stddef.h>

/* ---- the layout tables ---------------------------------------------------
 * Each row's spans add up to the layout's width in tenths of a key (100 for
 * the letter layouts, 50 for the phone pad, 120 for the whole 50-sound
 * table, 70 for one of its pages), so every row lines up with the others
 * after centring. */

#define K(t) {KB_KEY_CHAR, t, NULL, 10, 0, NULL, KB_WORD_NONE}
#define KW(t, w) {KB_KEY_CHAR, t, NULL, w, 0, NULL, KB_WORD_NONE}
#define SHIFT(w) {KB_KEY_SHIFT, NULL, "shift", w, 0, NULL, KB_WORD_NONE}
#define BKSP(w) {KB_KEY_BACKSPACE, NULL, "backspace", w, 0, NULL, KB_WORD_NONE}
#define SPACE(w) {KB_KEY_SPACE, " ", "space", w, 0, NULL, KB_WORD_NONE}
#define ENTER(w) {KB_KEY_ENTER, NULL, "enter", w, 0, NULL, KB_WORD_NONE}
#define HIDE(w) {KB_KEY_HIDE, NULL, "hide", w, 0, NULL, KB_WORD_NONE}
#define GLOBE(w) {KB_KEY_GLOBE, NULL, "globe", w, 0, NULL, KB_WORD_NONE}
#define TO(l, name, w) {KB_KEY_LAYOUT, NULL, name, w, l, NULL, KB_WORD_NONE}
#define SYMBOLS(w) {KB_KEY_LAYOUT, NULL, "?123", w, KB_LAYOUT_SYMBOLS, NULL, KB_WORD_SYMBOLS}
/* The kana keys of their own: dakuten, small kana, hiragana <-> katakana,
 * the other page of the table. */
#define DAKUTEN {KB_KEY_DAKUTEN, NULL, "゛゜", 10, 0, "dakuten", KB_WORD_NONE}
#define SMALL {KB_KEY_SMALL, NULL, "小", 10, 0, "small", KB_WORD_NONE}
#define KANA(l, name, word) {KB_KEY_LAYOUT, NULL, name, 10, l, "kana", word}
#define PAGE(l, name) {KB_KEY_LAYOUT, NULL, name, 10, l, "page", KB_WORD_NONE}

static const kb_key_def_t lower1[] = {K("q"), K("w"), K("e"), K("r"), K("t"), K("y"), K("u"), K("i"), K("o"), K("p")};
static const kb_key_def_t lower2[] = {K("a"), K("s"), K("d"), K("f"), K("g"), K("h"), K("j"), K("k"), K("l")};
static const kb_key_def_t lower3[] = {SHIFT(15), K("z"), K("x"), K("c"), K("v"), K("b"), K("n"), K("m"), BKSP(15)};
/* The bottom row of every layout that types words: the globe key next to
 * the symbols, where phones have it. */
static const kb_key_def_t words4[] = {SYMBOLS(15), GLOBE(10), K(","), SPACE(30), K("."), HIDE(10), ENTER(15)};

static const kb_key_def_t upper1[] = {K("Q"), K("W"), K("E"), K("R"), K("T"), K("Y"), K("U"), K("I"), K("O"), K("P")};
static const kb_key_def_t upper2[] = {K("A"), K("S"), K("D"), K("F"), K("G"), K("H"), K("J"), K("K"), K("L")};
static const kb_key_def_t upper3[] = {SHIFT(15), K("Z"), K("X"), K("C"), K("V"), K("B"), K("N"), K("M"), BKSP(15)};

static const kb_key_def_t sym1[] = {K("1"), K("2"), K("3"), K("4"), K("5"), K("6"), K("7"), K("8"), K("9"), K("0")};
static const kb_key_def_t sym2[] = {K("-"), K("/"), K(":"), K(";"), K("("), K(")"), K("&"), K("@"), K("\""), K("'")};
static const kb_key_def_t sym3[] = {K("#"), K("%"), K("+"), K("="), K("?"), K("!"), K("_"), K("*"), BKSP(20)};
static const kb_key_def_t sym4[] = {TO(KB_LAYOUT_LOWER, "ABC", 15), K(","), SPACE(40), K("."), HIDE(10), ENTER(15)};

static const kb_key_def_t mail4[] = {SYMBOLS(15), K("@"), K("-"), K("_"), K("."), KW(".com", 20), HIDE(10), ENTER(15)};

static const kb_key_def_t phone1[] = {K("1"), K("2"), K("3"), K("+"), BKSP(10)};
static const kb_key_def_t phone2[] = {K("4"), K("5"), K("6"), K("-"), SPACE(10)};
static const kb_key_def_t phone3[] = {K("7"), K("8"), K("9"), K("("), K(")")};
static const kb_key_def_t phone4[] = {K("0"), K("."), HIDE(10), ENTER(20)};

/* Korean 2-set (dubeolsik), the standard of Korean keyboards and phones:
 * consonants on the left, vowels on the right. */
static const kb_key_def_t hangul1[] = {K("ㅂ"), K("ㅈ"), K("ㄷ"), K("ㄱ"), K("ㅅ"), K("ㅛ"), K("ㅕ"), K("ㅑ"), K("ㅐ"), K("ㅔ")};
static const kb_key_def_t hangul2[] = {K("ㅁ"), K("ㄴ"), K("ㅇ"), K("ㄹ"), K("ㅎ"), K("ㅗ"), K("ㅓ"), K("ㅏ"), K("ㅣ")};
static const kb_key_def_t hangul3[] = {SHIFT(15), K("ㅋ"), K("ㅌ"), K("ㅊ"), K("ㅍ"), K("ㅠ"), K("ㅜ"), K("ㅡ"), BKSP(15)};
static const kb_key_def_t hangul_s1[] = {K("ㅃ"), K("ㅉ"), K("ㄸ"), K("ㄲ"), K("ㅆ"), K("ㅛ"), K("ㅕ"), K("ㅑ"), K("ㅒ"), K("ㅖ")};

/* The 50-sound table: columns あ か さ た な は ま や ら わ, rows あ い う え
 * お, read left to right. The gaps of the や and わ columns hold 、 。 ー ・;
 * the keys on the right are the same on every kana layout, where the hand
 * finds them: dakuten and small kana next to the table, backspace at the
 * top, enter at the bottom. */
static const kb_key_def_t hira1[] = {K("あ"), K("か"), K("さ"), K("た"), K("な"), K("は"), K("ま"), K("や"), K("ら"), K("わ"), DAKUTEN, BKSP(10)};
static const kb_key_def_t hira2[] = {K("い"), K("き"), K("し"), K("ち"), K("に"), K("ひ"), K("み"), K("、"), K("り"), K("を"), SMALL, SPACE(10)};
static const kb_key_def_t hira3[] = {K("う"), K("く"), K("す"), K("つ"), K("ぬ"), K("ふ"), K("む"), K("ゆ"), K("る"), K("ん"), KANA(KB_LAYOUT_KATAKANA, "カナ", KB_WORD_KATAKANA), K("？")};
static const kb_key_def_t hira4[] = {K("え"), K("け"), K("せ"), K("て"), K("ね"), K("へ"), K("め"), K("。"), K("れ"), K("ー"), SYMBOLS(10), HIDE(10)};
static const kb_key_def_t hira5[] = {K("お"), K("こ"), K("そ"), K("と"), K("の"), K("ほ"), K("も"), K("よ"), K("ろ"), K("・"), GLOBE(10), ENTER(10)};

static const kb_key_def_t kata1[] = {K("ア"), K("カ"), K("サ"), K("タ"), K("ナ"), K("ハ"), K("マ"), K("ヤ"), K("ラ"), K("ワ"), DAKUTEN, BKSP(10)};
static const kb_key_def_t kata2[] = {K("イ"), K("キ"), K("シ"), K("チ"), K("ニ"), K("ヒ"), K("ミ"), K("、"), K("リ"), K("ヲ"), SMALL, SPACE(10)};
static const kb_key_def_t kata3[] = {K("ウ"), K("ク"), K("ス"), K("ツ"), K("ヌ"), K("フ"), K("ム"), K("ユ"), K("ル"), K("ン"), KANA(KB_LAYOUT_HIRAGANA, "かな", KB_WORD_HIRAGANA), K("？")};
static const kb_key_def_t kata4[] = {K("エ"), K("ケ"), K("セ"), K("テ"), K("ネ"), K("ヘ"), K("メ"), K("。"), K("レ"), K("ー"), SYMBOLS(10), HIDE(10)};
static const kb_key_def_t kata5[] = {K("オ"), K("コ"), K("ソ"), K("ト"), K("ノ"), K("ホ"), K("モ"), K("ヨ"), K("ロ"), K("・"), GLOBE(10), ENTER(10)};

/* The same table in two pages of five columns; the page key sits where
 * the whole table has ？. */
static const kb_key_def_t hira_a1[] = {K("あ"), K("か"), K("さ"), K("た"), K("な"), DAKUTEN, BKSP(10)};
static const kb_key_def_t hira_a2[] = {K("い"), K("き"), K("し"), K("ち"), K("に"), SMALL, SPACE(10)};
static const kb_key_def_t hira_a3[] = {K("う"), K("く"), K("す"), K("つ"), K("ぬ"), KANA(KB_LAYOUT_KATAKANA_A, "カナ", KB_WORD_KATAKANA), PAGE(KB_LAYOUT_HIRAGANA_B, "は→")};
static const kb_key_def_t hira_a4[] = {K("え"), K("け"), K("せ"), K("て"), K("ね"), SYMBOLS(10), HIDE(10)};
static const kb_key_def_t hira_a5[] = {K("お"), K("こ"), K("そ"), K("と"), K("の"), GLOBE(10), ENTER(10)};
static const kb_key_def_t hira_b1[] = {K("は"), K("ま"), K("や"), K("ら"), K("わ"), DAKUTEN, BKSP(10)};
static const kb_key_def_t hira_b2[] = {K("ひ"), K("み"), K("、"), K("り"), K("を"), SMALL, SPACE(10)};
static const kb_key_def_t hira_b3[] = {K("ふ"), K("む"), K("ゆ"), K("る"), K("ん"), KANA(KB_LAYOUT_KATAKANA_B, "カナ", KB_WORD_KATAKANA), PAGE(KB_LAYOUT_HIRAGANA_A, "←あ")};
static const kb_key_def_t hira_b4[] = {K("へ"), K("め"), K("。"), K("れ"), K("ー"), SYMBOLS(10), HIDE(10)};
static const kb_key_def_t hira_b5[] = {K("ほ"), K("も"), K("よ"), K("ろ"), K("・"), GLOBE(10), ENTER(10)};

static const kb_key_def_t kata_a1[] = {K("ア"), K("カ"), K("サ"), K("タ"), K("ナ"), DAKUTEN, BKSP(10)};
static const kb_key_def_t kata_a2[] = {K("イ"), K("キ"), K("シ"), K("チ"), K("ニ"), SMALL, SPACE(10)};
static const kb_key_def_t kata_a3[] = {K("ウ"), K("ク"), K("ス"), K("ツ"), K("ヌ"), KANA(KB_LAYOUT_HIRAGANA_A, "かな", KB_WORD_HIRAGANA), PAGE(KB_LAYOUT_KATAKANA_B, "ハ→")};
static const kb_key_def_t kata_a4[] = {K("エ"), K("ケ"), K("セ"), K("テ"), K("ネ"), SYMBOLS(10), HIDE(10)};
static const kb_key_def_t kata_a5[] = {K("オ"), K("コ"), K("ソ"), K("ト"), K("ノ"), GLOBE(10), ENTER(10)};
static const kb_key_def_t kata_b1[] = {K("ハ"), K("マ"), K("ヤ"), K("ラ"), K("ワ"), DAKUTEN, BKSP(10)};
static const kb_key_def_t kata_b2[] = {K("ヒ"), K("ミ"), K("、"), K("リ"), K("ヲ"), SMALL, SPACE(10)};
static const kb_key_def_t kata_b3[] = {K("フ"), K("ム"), K("ユ"), K("ル"), K("ン"), KANA(KB_LAYOUT_HIRAGANA_B, "かな", KB_WORD_HIRAGANA), PAGE(KB_LAYOUT_KATAKANA_A, "←ア")};
static const kb_key_def_t kata_b4[] = {K("ヘ"), K("メ"), K("。"), K("レ"), K("ー"), SYMBOLS(10), HIDE(10)};
static const kb_key_def_t kata_b5[] = {K("ホ"), K("モ"), K("ヨ"), K("ロ"), K("・"), GLOBE(10), ENTER(10)};

#define N(a) ((int)(sizeof a / sizeof a[0]))
#define ROWS4(a, b, c, d) {a, b, c, d, NULL}, {N(a), N(b), N(c), N(d), 0}, 4
#define ROWS5(a, b, c, d, e) {a, b, c, d, e}, {N(a), N(b), N(c), N(d), N(e)}, 5

const kb_layout_def_t kb_layouts[KB_LAYOUT_COUNT] = {
    [KB_LAYOUT_LOWER] = {"lower", ROWS4(lower1, lower2, lower3, words4), 100, 10,
                         KB_LAYOUT_UPPER, KB_LAYOUT_LOWER, KB_SCRIPT_LATIN},
    [KB_LAYOUT_UPPER] = {"upper", ROWS4(upper1, upper2, upper3, words4), 100, 10,
                         KB_LAYOUT_UPPER, KB_LAYOUT_LOWER, KB_SCRIPT_LATIN},
    [KB_LAYOUT_SYMBOLS] = {"symbols", ROWS4(sym1, sym2, sym3, sym4), 100, 10,
                           KB_LAYOUT_SYMBOLS, KB_LAYOUT_SYMBOLS, KB_SCRIPT_LATIN},
    [KB_LAYOUT_EMAIL] = {"email", ROWS4(lower1, lower2, lower3, mail4), 100, 10,
                         KB_LAYOUT_EMAIL_UPPER, KB_LAYOUT_EMAIL, KB_SCRIPT_LATIN},
    [KB_LAYOUT_EMAIL_UPPER] = {"email-upper", ROWS4(upper1, upper2, upper3, mail4), 100, 10,
                               KB_LAYOUT_EMAIL_UPPER, KB_LAYOUT_EMAIL, KB_SCRIPT_LATIN},
    /* The pad's keys are as wide as letter keys, not twice as wide. */
    [KB_LAYOUT_PHONE] = {"phone", ROWS4(phone1, phone2, phone3, phone4), 50, 10,
                         KB_LAYOUT_PHONE, KB_LAYOUT_PHONE, KB_SCRIPT_LATIN},
    [KB_LAYOUT_HANGUL] = {"hangul", ROWS4(hangul1, hangul2, hangul3, words4), 100, 10,
                          KB_LAYOUT_HANGUL_SHIFT, KB_LAYOUT_HANGUL, KB_SCRIPT_HANGUL},
    [KB_LAYOUT_HANGUL_SHIFT] = {"hangul-shift", ROWS4(hangul_s1, hangul2, hangul3, words4), 100, 10,
                                KB_LAYOUT_HANGUL_SHIFT, KB_LAYOUT_HANGUL, KB_SCRIPT_HANGUL},
    [KB_LAYOUT_HIRAGANA] = {"hiragana", ROWS5(hira1, hira2, hira3, hira4, hira5), 120, 12,
                            KB_LAYOUT_HIRAGANA, KB_LAYOUT_HIRAGANA, KB_SCRIPT_KANA},
    [KB_LAYOUT_KATAKANA] = {"katakana", ROWS5(kata1, kata2, kata3, kata4, kata5), 120, 12,
                            KB_LAYOUT_KATAKANA, KB_LAYOUT_KATAKANA, KB_SCRIPT_KANA},
    [KB_LAYOUT_HIRAGANA_A] = {"hiragana-a", ROWS5(hira_a1, hira_a2, hira_a3, hira_a4, hira_a5), 70, 7,
                              KB_LAYOUT_HIRAGANA_A, KB_LAYOUT_HIRAGANA_A, KB_SCRIPT_KANA},
    [KB_LAYOUT_HIRAGANA_B] = {"hiragana-b", ROWS5(hira_b1, hira_b2, hira_b3, hira_b4, hira_b5), 70, 7,
                              KB_LAYOUT_HIRAGANA_B, KB_LAYOUT_HIRAGANA_B, KB_SCRIPT_KANA},
    [KB_LAYOUT_KATAKANA_A] = {"katakana-a", ROWS5(kata_a1, kata_a2, kata_a3, kata_a4, kata_a5), 70, 7,
                              KB_LAYOUT_KATAKANA_A, KB_LAYOUT_KATAKANA_A, KB_SCRIPT_KANA},
    [KB_LAYOUT_KATAKANA_B] = {"katakana-b", ROWS5(kata_b1, kata_b2, kata_b3, kata_b4, kata_b5), 70, 7,
                              KB_LAYOUT_KATAKANA_B, KB_LAYOUT_KATAKANA_B, KB_SCRIPT_KANA},
};

#undef N
#undef ROWS4
#undef ROWS5

int keyboard_layout_rows(kb_layout_t l, const kb_key_def_t **rows[], const int **lens)
{
    if ((int)l < 0 || l >= KB_LAYOUT_COUNT)
        return 0;
    /* The tables are const, the caller only reads them. */
    *rows = (const kb_key_def_t **)kb_layouts[l].rows;
    *lens = kb_layouts[l].lens;
    return kb_layouts[l].nrows;
}

const char *keyboard_layout_name(kb_layout_t l)
{
    return (int)l >= 0 && l < KB_LAYOUT_COUNT ? kb_layouts[l].name : "?";
}

kb_script_t keyboard_layout_script(kb_layout_t l)
{
    return (int)l >= 0 && l < KB_LAYOUT_COUNT ? kb_layouts[l].script : KB_SCRIPT_LATIN;
}
