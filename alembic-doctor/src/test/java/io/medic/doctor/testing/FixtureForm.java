package io.medic.doctor.testing;

/**
 * The two forms of the basketball-api migration history in {@code examples/basketball-api/} (on the test classpath as {@code basketball/}):
 * the same 24 revisions, with the 019/020 fork kept or linearized.
 */
public enum FixtureForm {
    /** 019 and 020 are both children of 018, 021 follows 019, 022 merges (020, 021). */
    BRANCHED("branched"),
    /** 018 -> 019 -> 020 -> 021 -> 022 (a plain revision with no operations) -> 023 -> 024. */
    LINEAR("linear");

    /** The revision every form ends at. */
    public static final String HEAD = "024";

    private final String directory;

    FixtureForm(String directory) {
        this.directory = directory;
    }

    /** The classpath directory holding alembic.ini, env.py, script.py.mako and versions/. */
    public String resourceDirectory() {
        return "basketball/" + directory;
    }

    @Override
    public String toString() {
        return directory;
    }
}
