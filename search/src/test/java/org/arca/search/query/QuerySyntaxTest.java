package org.arca.search.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class QuerySyntaxTest {

  @Test
  void parse_mixOfWordsPhrasesFieldsAndExclusions() {
    List<QueryClause> clauses = QuerySyntax.parse(
        "samtools \"variant calling\" package:bcftools@1.17 label:about.summary=\"RNA folding\" -arch:arm64 -python");
    assertEquals(List.of(
        new QueryClause.Word("samtools", false),
        new QueryClause.Phrase("variant calling", false),
        new QueryClause.Field("package", "bcftools@1.17", false, 27),
        new QueryClause.Field("label", "about.summary=RNA folding", false, 49),
        new QueryClause.Field("arch", "arm64", true, 83),
        new QueryClause.Word("python", true)), clauses);
  }

  @Test
  void parse_aliases_mapToCanonicalFields() {
    assertEquals(List.of(new QueryClause.Field("package", "bwa", false, 0), new QueryClause.Field("has", "vetted", false, 8)),
        QuerySyntax.parse("pkg:bwa is:vetted"));
  }

  @Test
  void parse_unknownField_explainsAndListsFields() {
    InvalidQueryException e = assertThrows(InvalidQueryException.class, () -> QuerySyntax.parse("colour:blue"));
    assertTrue(e.getMessage().contains("unknown field 'colour'"), e.getMessage());
    assertTrue(e.getMessage().contains("package"), e.getMessage());
    assertEquals(0, e.position());
  }

  @Test
  void parse_unclosedQuote_saysWhere() {
    InvalidQueryException e = assertThrows(InvalidQueryException.class, () -> QuerySyntax.parse("bwa \"short read"));
    assertEquals(4, e.position());
  }

  @Test
  void parse_emptyValueOrTooLong_refused() {
    assertThrows(InvalidQueryException.class, () -> QuerySyntax.parse("package:"));
    assertThrows(InvalidQueryException.class, () -> QuerySyntax.parse("x".repeat(QuerySyntax.MAX_LENGTH + 1)));
    assertThrows(InvalidQueryException.class, () -> QuerySyntax.parse("w ".repeat(QuerySyntax.MAX_CLAUSES + 1)));
  }
}
