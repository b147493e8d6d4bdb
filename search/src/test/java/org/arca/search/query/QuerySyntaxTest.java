package org.arca.search.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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

  private static QueryClause.Word word(String text) {
    return new QueryClause.Word(text, false);
  }

  private static QueryClause.Word required(String text) {
    return new QueryClause.Word(text, false, true);
  }

  @Test
  void read_andOrPlus_requireWords() {
    assertEquals(List.of(required("samtools"), required("bwa")), QuerySyntax.parse("samtools AND bwa"));
    assertEquals(List.of(required("samtools"), required("bwa")), QuerySyntax.parse("samtools && bwa"));
    assertEquals(List.of(required("samtools"), word("bwa")), QuerySyntax.parse("+samtools bwa"));
    assertEquals(List.of(word("samtools"), word("and"), word("bwa")), QuerySyntax.parse("samtools and bwa"));
  }

  @Test
  void read_or_groupsAlternativesOfAnyKind() {
    assertEquals(List.of(new QueryClause.AnyOf(List.of(word("samtools"), word("bwa")))),
        QuerySyntax.parse("samtools OR bwa"));
    assertEquals(List.of(new QueryClause.AnyOf(List.of(new QueryClause.Field("arch", "arm64", false, 0),
            new QueryClause.Phrase("short reads", false)))),
        QuerySyntax.parse("arch:arm64 || \"short reads\""));
  }

  @Test
  void read_orBindsBeforeAnd() {
    QueryClause.AnyOf alternatives = new QueryClause.AnyOf(List.of(word("bwa"), word("bowtie2")));
    assertEquals(List.of(required("samtools"), alternatives), QuerySyntax.parse("samtools AND bwa OR bowtie2"));
    assertEquals(List.of(alternatives, required("samtools")), QuerySyntax.parse("bwa OR bowtie2 AND samtools"));
  }

  @Test
  void read_not_negatesTheNextPart() {
    assertEquals(List.of(word("samtools"), new QueryClause.Word("bwa", true),
            new QueryClause.Field("arch", "arm64", true, 21)),
        QuerySyntax.parse("samtools NOT bwa NOT arch:arm64"));
  }

  @Test
  void read_starAlone_isEveryImage() {
    assertEquals(new QuerySyntax.Parsed(List.of(), List.of()), QuerySyntax.read("*"));
    assertEquals(List.of(new QueryClause.Field("arch", "amd64", false, 2)), QuerySyntax.parse("* arch:amd64"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "samtools AND|AND at the end joins nothing",
      "OR samtools|OR at the start joins nothing",
      "samtools AND OR bwa|OR after AND joins nothing",
      "samtools NOT|NOT at the end excludes nothing",
      "samtools OR -bwa|an exclusion cannot be an alternative",
      "(samtools OR bwa) AND python|parentheses are not supported",
      "samtool*|'*' stands alone for every image",
      "-*|would exclude every image",
      "samtools or bwa|write OR in capitals"})
  void read_ignoredParts_areNamedInNotes(String query, String note) {
    QuerySyntax.Parsed parsed = QuerySyntax.read(query);
    assertTrue(parsed.notes().stream().anyMatch(n -> n.contains(note)), query + " -> " + parsed.notes());
  }

  @Test
  void read_ignoredPartsLeaveTheRest() {
    assertEquals(List.of(word("samtools")), QuerySyntax.parse("samtools AND"));
    assertEquals(List.of(word("samtool")), QuerySyntax.parse("samtool*"));
    assertEquals(List.of(new QueryClause.AnyOf(List.of(word("samtools"), word("bwa"))), required("python")),
        QuerySyntax.parse("(samtools OR bwa) AND python"));
    assertEquals(List.of(word("samtools"), new QueryClause.Word("bwa", true)), QuerySyntax.parse("samtools OR -bwa"));
  }

  @Test
  void read_understoodQuery_hasNoNotes() {
    assertEquals(List.of(), QuerySyntax.read("samtools AND \"variant calling\" OR pkg:bcftools -python").notes());
  }
}
