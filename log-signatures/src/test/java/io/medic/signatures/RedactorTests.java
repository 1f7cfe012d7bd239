package io.medic.signatures;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RedactorTests {

    @ParameterizedTest
    @CsvSource(delimiterString = " => ", textBlock = """
            postgresql://basketball:hunter2@db:5432/basketball => postgresql://basketball:***@db:5432/basketball
            DATABASE_URL=postgresql+psycopg2://app:p@ss:w0rd@db/app?sslmode=require => DATABASE_URL=postgresql+psycopg2://app:***@db/app?sslmode=require
            redis://:only-a-password@cache:6379/0 => redis://:***@cache:6379/0
            host=db user=app password=hunter2 dbname=app => host=db user=app password=*** dbname=app
            PGPASSWORD='hunter2' psql => PGPASSWORD=*** psql
            {"db_password": "hunter2", "user": "app"} => {"db_password": ***, "user": "app"}
            [parameters: {'password': 'hunter2'}] => [parameters: {'password': ***}]
            Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig => Authorization: Bearer ***
            curl -H 'Authorization: Basic YWxhZGRpbjpvcGVuc2VzYW1l' => curl -H 'Authorization: Basic ***'
            calling api with bearer abc.def-ghi => calling api with bearer ***
            https://hooks.example.com/x?token=tok_123&team=1 => https://hooks.example.com/x?token=***&team=1
            GITHUB_TOKEN=ghp_abc123 => GITHUB_TOKEN=***
            api_key: sk-live-123 => api_key: ***
            migrate --password hunter2 --verbose => migrate --password *** --verbose
            CREATE ROLE app LOGIN PASSWORD 'hunter2' => CREATE ROLE app LOGIN PASSWORD ***
            aws key AKIAIOSFODNN7EXAMPLE used => aws key *** used
            jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl seen => jwt *** seen
            """)
    void hidesSecrets(String input, String expected) {
        assertThat(Redactor.redact(input)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiterString = " => ", textBlock = """
            FATAL:  password authentication failed for user "basketball"
            column "custom_notes" of relation "players" already exists
            relation "oauth_tokens" does not exist
            https://sqlalche.me/e/14/f405
            connection to server at "127.0.0.1", port 5432 failed: Connection refused
            Can't locate revision identified by '018'
            """)
    void leavesOrdinaryLogTextAlone(String input) {
        assertThat(Redactor.redact(input)).isEqualTo(input);
    }

    @Test
    void hidesAPrivateKeyBlock() {
        String text = "key:\n-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\nabc\n-----END RSA PRIVATE KEY-----\ndone";

        assertThat(Redactor.redact(text)).doesNotContain("MIIEowIBAAKCAQEA").endsWith("done");
    }

    @Test
    void isLinearOnAHugeWord() {
        String huge = "x".repeat(200_000) + "password" + "y".repeat(200_000);

        assertThat(Redactor.redact(huge)).hasSize(huge.length());
    }
}
