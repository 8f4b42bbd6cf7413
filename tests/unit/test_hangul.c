/* Korean syllable composition (2-set keyboard) and the kana marks: known
 * words typed jamo by jamo, compound vowels and finals, a final moving to
 * the next syllable, backspace one jamo at a time, interruptions, and
 * sequences that stay plain jamo. */
#include "test.h"

#include <stdlib.h>

#include "core/utf8.h"
#include "forms/hangul.h"
#include "forms/kana.h"

/* The field's text after typing s ('\b' = backspace) on the keyboard. */
static const char *typed(const char *s)
{
    static char out[256];
    hangul_compose_str(s, out, sizeof out);
    return out;
}

static uint32_t cp_of(const char *s)
{
    size_t adv;
    return utf8_decode(s, strlen(s), &adv);
}

static void test_known_words(void)
{
    CHECK_STR(typed("ㅇㅏㄴㄴㅕㅇㅎㅏㅅㅔㅇㅛ"), "안녕하세요");
    CHECK_STR(typed("ㄱㅏㅁㅅㅏㅎㅏㅂㄴㅣㄷㅏ"), "감사합니다");
    CHECK_STR(typed("ㄷㅏㄹㄱ"), "닭");
    CHECK_STR(typed("ㄱㅏㅂㅅㅇㅣ"), "값이");
    CHECK_STR(typed("ㅇㅗㅐ"), "왜");
    CHECK_STR(typed("ㅇㅡㅣㅅㅏ"), "의사");
    CHECK_STR(typed("ㄱㅣㅁㅁㅣㄴㅅㅜ"), "김민수");
    CHECK_STR(typed("ㅎㅏㄴㄱㅡㄹ"), "한글");
    /* Shifted consonants: double initials and finals. */
    CHECK_STR(typed("ㅇㅣㅆㅇㅓㅇㅛ"), "있어요");
    CHECK_STR(typed("ㅃㅏㄹㄹㅣ"), "빨리");
    CHECK_STR(typed("ㅂㅏㄲ"), "밖");
}

static void test_compound_vowels(void)
{
    CHECK_STR(typed("ㄱㅗㅏ"), "과");
    CHECK_STR(typed("ㅇㅗㅐ"), "왜");
    CHECK_STR(typed("ㅎㅗㅣ"), "회");
    CHECK_STR(typed("ㅁㅜㅓ"), "뭐");
    CHECK_STR(typed("ㄱㅜㅔ"), "궤");
    CHECK_STR(typed("ㅈㅜㅣ"), "쥐");
    CHECK_STR(typed("ㅇㅡㅣ"), "의");
    /* With a final after the compound vowel. */
    /* A compound jamo that arrives whole (pasted) composes like typed. */
    CHECK_STR(typed("ㄱㅘ"), "과");
    CHECK_STR(typed("ㅇㅘㄴ"), "완");
    CHECK_STR(typed("ㄳㅏ"), "ㄳㅏ");         /* ㄳ begins no syllable */
    CHECK_STR(typed("ㄳ"), "ㄳ");
    CHECK_STR(typed("ㄱㅗㅏㄴ"), "관");
    /* Vowels that do not combine: two syllables' worth of plain vowels. */
    CHECK_STR(typed("ㄱㅏㅏ"), "가ㅏ");
    CHECK_STR(typed("ㅗㅗ"), "ㅗㅗ");
}

static void test_compound_finals(void)
{
    const char *in[] = {"ㄴㅓㄱㅅ", "ㅇㅏㄴㅈ", "ㅁㅏㄴㅎ", "ㄷㅏㄹㄱ", "ㅅㅏㄹㅁ", "ㅇㅕㄹㅂ", "ㄱㅗㄹㅅ",
                        "ㅎㅏㄹㅌ", "ㅇㅡㄹㅍ", "ㅇㅏㄹㅎ", "ㅇㅓㅂㅅ"};
    const char *want[] = {"넋", "앉", "많", "닭", "삶", "엷", "곬", "핥", "읊", "앓", "없"};
    for (size_t i = 0; i < sizeof in / sizeof in[0]; i++)
        CHECK_STR(typed(in[i]), want[i]);
    /* A vowel after a compound final takes only its second half. */
    CHECK_STR(typed("ㅇㅏㄴㅈㅇㅏ"), "앉아");
    CHECK_STR(typed("ㅇㅏㄴㅈㅏ"), "안자");
    CHECK_STR(typed("ㄷㅏㄹㄱㅣ"), "달기");
    CHECK_STR(typed("ㅇㅓㅂㅅㅓ"), "업서");
    /* A third consonant after a compound final starts a new syllable. */
    CHECK_STR(typed("ㄷㅏㄹㄱㄱ"), "닭ㄱ");
    /* Consonant pairs that are not finals: the second starts anew. */
    CHECK_STR(typed("ㄱㅏㄱㄱ"), "각ㄱ");
    CHECK_STR(typed("ㄱㅏㄴㄱ"), "간ㄱ");
}

static void test_final_moves_to_next_syllable(void)
{
    CHECK_STR(typed("ㅎㅏㄴ"), "한");
    CHECK_STR(typed("ㅎㅏㄴㅏ"), "하나");
    CHECK_STR(typed("ㅇㅣㅆㅓ"), "이써");
    /* ㄸ ㅃ ㅉ are never finals: they wait for their own vowel. */
    CHECK_STR(typed("ㄱㅏㄸ"), "가ㄸ");
    CHECK_STR(typed("ㄱㅏㄸㅏ"), "가따");
    CHECK_STR(typed("ㅇㅗㅃㅏ"), "오빠");
    CHECK_STR(typed("ㄱㅏㅉ"), "가ㅉ");
}

static void test_backspace_one_jamo(void)
{
    CHECK_STR(typed("ㅎㅏ\b"), "ㅎ");
    CHECK_STR(typed("ㅎㅏㄴ\b"), "하");
    CHECK_STR(typed("ㅎㅏㄴ\b\b"), "ㅎ");
    CHECK_STR(typed("ㅎㅏㄴ\b\b\b"), "");
    CHECK_STR(typed("ㅎㅏㄴ\b\b\b\b"), "");
    CHECK_STR(typed("ㅇㅗㅏ\b"), "오");        /* 와 -> 오 */
    CHECK_STR(typed("ㄷㅏㄹㄱ\b"), "달");      /* 닭 -> 달 */
    CHECK_STR(typed("ㄷㅏㄹㄱ\bㅁ"), "닮");
    CHECK_STR(typed("ㅎㅏㄴㅏ\b"), "하ㄴ");    /* the moved consonant stays */
    CHECK_STR(typed("ㅎㅏㄴㅏ\b\b"), "하");
    /* Once a syllable is finished, backspace takes it whole. */
    CHECK_STR(typed("ㅎㅏㄴㅏ\b\b\b"), "");
    CHECK_STR(typed("ㄱㅏ ㄴㅏ\b\b\b"), "가");
    CHECK_STR(typed("ㄱㅏ ㄴㅏ\b\b\b\b"), "");
    /* Typing on after a backspace composes again. */
    CHECK_STR(typed("ㄱㅏㅁ\bㄴ"), "간");
    CHECK_STR(typed("ㄱㅏ\bㅗㅏ"), "과");
}

static void test_interrupted(void)
{
    CHECK_STR(typed("ㅎㅏㄴ ㄱㅡㄹ"), "한 글");
    CHECK_STR(typed("ㅎㅏㄴ.ㅏ"), "한.ㅏ");        /* the vowel does not reach back over "." */
    CHECK_STR(typed("ㅇㅏㄴㄴㅕㅇ?"), "안녕?");
    CHECK_STR(typed("ㄱㅏ,ㄴ"), "가,ㄴ");
    CHECK_STR(typed("abcㄱㅏ1ㄴㅏ"), "abc가1나");
    /* The composer itself: nothing composing after a reset. */
    hangul_t h;
    hangul_reset(&h);
    CHECK(!hangul_composing(&h));
    CHECK_INT(hangul_current(&h), 0);
    CHECK(!hangul_backspace(&h));
    CHECK_INT(hangul_feed(&h, 'a'), 0);       /* not a jamo: ignored */
    CHECK(!hangul_composing(&h));
}

static void test_invalid_stays_jamo(void)
{
    CHECK_STR(typed("ㅏ"), "ㅏ");
    CHECK_STR(typed("ㄱ"), "ㄱ");
    CHECK_STR(typed("ㄱㄱ"), "ㄱㄱ");
    CHECK_STR(typed("ㄱㅅ"), "ㄱㅅ");           /* ㄳ only as a final */
    CHECK_STR(typed("ㅏㄴ"), "ㅏㄴ");           /* a final needs an initial */
    CHECK_STR(typed("ㅏㄴㅏ"), "ㅏ나");
    CHECK_STR(typed("ㅗㅏ"), "ㅘ");             /* vowels still combine */
    CHECK_STR(typed("ㅗㅏㄴ"), "ㅘㄴ");
    CHECK_STR(typed("ㅣㅣㅣ"), "ㅣㅣㅣ");
}

static void test_feed_reports_finished(void)
{
    hangul_t h;
    hangul_reset(&h);
    CHECK_INT(hangul_feed(&h, cp_of("ㅎ")), 0);
    CHECK_INT(hangul_current(&h), cp_of("ㅎ"));
    CHECK_INT(hangul_feed(&h, cp_of("ㅏ")), 0);
    CHECK_INT(hangul_current(&h), cp_of("하"));
    CHECK_INT(hangul_feed(&h, cp_of("ㄴ")), 0);
    CHECK_INT(hangul_current(&h), cp_of("한"));
    /* The vowel finishes 하 and composes 나. */
    CHECK_INT(hangul_feed(&h, cp_of("ㅏ")), cp_of("하"));
    CHECK_INT(hangul_current(&h), cp_of("나"));
    /* A consonant that cannot join finishes 난... ㄴ+ㄱ is no final pair. */
    CHECK_INT(hangul_feed(&h, cp_of("ㄴ")), 0);
    CHECK_INT(hangul_feed(&h, cp_of("ㄱ")), cp_of("난"));
    CHECK_INT(hangul_current(&h), cp_of("ㄱ"));
    CHECK(hangul_backspace(&h));
    CHECK(!hangul_composing(&h));
    /* A compound final typed as one key (a physical keyboard's ㄳ) cannot
     * begin the next syllable: it stays, and the vowel starts anew. */
    hangul_reset(&h);
    hangul_feed(&h, cp_of("ㄱ"));
    hangul_feed(&h, cp_of("ㅏ"));
    CHECK_INT(hangul_feed(&h, cp_of("ㄳ")), 0);
    CHECK_INT(hangul_current(&h), cp_of("갃"));
    CHECK_INT(hangul_feed(&h, cp_of("ㅣ")), cp_of("갃"));
    CHECK_INT(hangul_current(&h), cp_of("ㅣ"));
}

static void test_syllable_block(void)
{
    /* The ends of the block and a few by their Unicode names. */
    CHECK_INT(hangul_syllable(cp_of("ㄱ"), cp_of("ㅏ"), 0), 0xAC00);
    CHECK_INT(hangul_syllable(cp_of("ㅎ"), cp_of("ㅣ"), cp_of("ㅎ")), 0xD7A3);
    CHECK_INT(hangul_syllable(cp_of("ㅎ"), cp_of("ㅏ"), cp_of("ㄴ")), 0xD55C);   /* 한 */
    CHECK_INT(hangul_syllable(cp_of("ㄷ"), cp_of("ㅏ"), cp_of("ㄺ")), 0xB2ED);   /* 닭 */
    CHECK_INT(hangul_syllable(cp_of("ㅃ"), cp_of("ㅏ"), 0), 0xBE60);             /* 빠 */
    /* Impossible parts. */
    CHECK_INT(hangul_syllable(cp_of("ㄳ"), cp_of("ㅏ"), 0), 0);
    CHECK_INT(hangul_syllable(cp_of("ㄱ"), cp_of("ㄱ"), 0), 0);
    CHECK_INT(hangul_syllable(cp_of("ㄱ"), cp_of("ㅏ"), cp_of("ㄸ")), 0);
    CHECK_INT(hangul_syllable(cp_of("ㅏ"), cp_of("ㅏ"), 0), 0);
    /* Every initial, vowel and final that can be typed makes a syllable in
     * the block, each a different one. */
    static const char *ini = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ";
    static const char *fin = "ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ";
    static unsigned char seen[11172];
    memset(seen, 0, sizeof seen);
    int count = 0;
    for (size_t a = 0; ini[a]; a += 3)
        for (uint32_t v = 0x314F; v <= 0x3163; v++)
            for (size_t f = 0; f <= strlen(fin); f += 3) {
                uint32_t fc = fin[f] ? cp_of(fin + f) : 0;
                uint32_t s = hangul_syllable(cp_of(ini + a), v, fc);
                CHECK(hangul_is_syllable(s));
                CHECK(!seen[s - 0xAC00]);
                seen[s - 0xAC00] = 1;
                count++;
            }
    CHECK_INT(count, 11172);
    CHECK(hangul_is_jamo(cp_of("ㄱ")) && hangul_is_jamo(cp_of("ㅣ")) && !hangul_is_jamo(cp_of("가")));
    CHECK(hangul_is_consonant(cp_of("ㅎ")) && !hangul_is_consonant(cp_of("ㅏ")));
    CHECK(hangul_is_vowel(cp_of("ㅏ")) && !hangul_is_vowel(cp_of("ㅎ")));
}

static void test_compose_str_truncates_whole_characters(void)
{
    char out[7];
    /* 안녕 is 6 bytes: it fits with its NUL; 안녕하 needs 9. */
    CHECK_INT(hangul_compose_str("ㅇㅏㄴㄴㅕㅇ", out, sizeof out), 6);
    CHECK_STR(out, "안녕");
    CHECK_INT(hangul_compose_str("ㅇㅏㄴㄴㅕㅇㅎㅏ", out, sizeof out), 9);
    CHECK_STR(out, "안녕");
    char tiny[4];
    CHECK_INT(hangul_compose_str("ㅎㅏ", tiny, sizeof tiny), 3);
    CHECK_STR(tiny, "하");
    CHECK_INT(hangul_compose_str("ㅎㅏㄴㅏ", tiny, 3), 6);   /* not even one fits */
    CHECK_STR(tiny, "");
    CHECK_INT(hangul_compose_str("", tiny, sizeof tiny), 0);
    CHECK_STR(tiny, "");
}

/* ---- kana ----------------------------------------------------------------- */

static uint32_t dak(const char *s) { return kana_dakuten(cp_of(s)); }
static uint32_t sm(const char *s) { return kana_small(cp_of(s)); }

static void test_kana_dakuten_cycles(void)
{
    CHECK_INT(dak("か"), cp_of("が"));
    CHECK_INT(dak("が"), cp_of("か"));
    CHECK_INT(dak("し"), cp_of("じ"));
    CHECK_INT(dak("つ"), cp_of("づ"));
    CHECK_INT(dak("と"), cp_of("ど"));
    CHECK_INT(dak("は"), cp_of("ば"));
    CHECK_INT(dak("ば"), cp_of("ぱ"));
    CHECK_INT(dak("ぱ"), cp_of("は"));
    CHECK_INT(dak("ほ"), cp_of("ぼ"));
    CHECK_INT(dak("う"), cp_of("ゔ"));
    CHECK_INT(dak("ゔ"), cp_of("う"));
    /* Katakana alike. */
    CHECK_INT(dak("カ"), cp_of("ガ"));
    CHECK_INT(dak("ヘ"), cp_of("ベ"));
    CHECK_INT(dak("ベ"), cp_of("ペ"));
    CHECK_INT(dak("ウ"), cp_of("ヴ"));
    CHECK_INT(dak("ト"), cp_of("ド"));
    /* Nothing for what takes no mark. */
    CHECK_INT(dak("あ"), 0);
    CHECK_INT(dak("な"), 0);
    CHECK_INT(dak("っ"), 0);
    CHECK_INT(dak("ん"), 0);
    CHECK_INT(dak("ー"), 0);
    CHECK_INT(dak("a"), 0);
    CHECK_INT(dak("山"), 0);
    CHECK_INT(dak("가"), 0);
    /* Every kana of the か, さ, た and は rows cycles back to itself. */
    const char *rows = "かきくけこさしすせそたちつてとはひふへほカキクケコサシスセソタチツテトハヒフヘホ";
    for (size_t i = 0; rows[i]; i += 3) {
        uint32_t c = cp_of(rows + i), x = c;
        int steps = 0;
        do {
            x = kana_dakuten(x);
            steps++;
        } while (x && x != c && steps < 5);
        CHECK_MSG(x == c && steps >= 2 && steps <= 3, "%.3s: %d steps", rows + i, steps);
    }
}

static void test_kana_small(void)
{
    CHECK_INT(sm("つ"), cp_of("っ"));
    CHECK_INT(sm("っ"), cp_of("つ"));
    CHECK_INT(sm("や"), cp_of("ゃ"));
    CHECK_INT(sm("ゆ"), cp_of("ゅ"));
    CHECK_INT(sm("よ"), cp_of("ょ"));
    CHECK_INT(sm("あ"), cp_of("ぁ"));
    CHECK_INT(sm("お"), cp_of("ぉ"));
    CHECK_INT(sm("わ"), cp_of("ゎ"));
    CHECK_INT(sm("ツ"), cp_of("ッ"));
    CHECK_INT(sm("ョ"), cp_of("ヨ"));
    CHECK_INT(sm("ィ"), cp_of("イ"));
    CHECK_INT(sm("か"), 0);
    CHECK_INT(sm("づ"), 0);
    CHECK_INT(sm("ん"), 0);
    CHECK_INT(sm("x"), 0);
    CHECK_INT(kana_to_katakana(cp_of("あ")), cp_of("ア"));
    CHECK_INT(kana_to_katakana(cp_of("ん")), cp_of("ン"));
    CHECK_INT(kana_to_katakana(cp_of("ー")), cp_of("ー"));
    CHECK_INT(kana_to_katakana('a'), 'a');
}

int main(void)
{
    RUN(test_known_words);
    RUN(test_compound_vowels);
    RUN(test_compound_finals);
    RUN(test_final_moves_to_next_syllable);
    RUN(test_backspace_one_jamo);
    RUN(test_interrupted);
    RUN(test_invalid_stays_jamo);
    RUN(test_feed_reports_finished);
    RUN(test_syllable_block);
    RUN(test_compose_str_truncates_whole_characters);
    RUN(test_kana_dakuten_cycles);
    RUN(test_kana_small);
    return test_summary();
}
