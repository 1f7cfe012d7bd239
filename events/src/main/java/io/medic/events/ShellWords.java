package io.medic.events;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Command lines people paste into a POSIX shell: every argument that holds anything but plain word
 * characters is single-quoted, so a revision id such as {@code x;rm -rf ~} or {@code $(id)} stays one
 * inert argument. Arguments holding a control character (a newline above all) cannot be shown on one
 * line: the reader refuses such ids before any plan is built, and {@link #quote} refuses them too.
 */
public final class ShellWords {

    private ShellWords() {
    }

    /** {@code words} joined by spaces, each quoted where a shell would read it as anything but itself. */
    public static String join(List<String> words) {
        return words.stream().map(ShellWords::quote).collect(Collectors.joining(" "));
    }

    /** One argument as a POSIX shell reads it back unchanged. */
    public static String quote(String word) {
        for (int i = 0; i < word.length(); i++) {
            if (Character.isISOControl(word.charAt(i))) {
                throw new IllegalArgumentException("a shell argument cannot hold a control character: "
                        + word.replaceAll("\\p{Cntrl}", "?"));
            }
        }
        if (!word.isEmpty() && word.chars().allMatch(ShellWords::plain)) {
            return word;
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }

    /** Characters no POSIX shell treats specially, anywhere in a word ({@code -} and {@code =} included). */
    private static boolean plain(int c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "_.,:/%=-".indexOf(c) >= 0;
    }
}
