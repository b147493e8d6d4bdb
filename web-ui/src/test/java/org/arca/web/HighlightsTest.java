package org.arca.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import org.junit.jupiter.api.Test;

class HighlightsTest {

  @Test
  void safeHtml_keepsTheMatchMarks_andEscapesEveryOtherTag() {
    assertEquals("<em>samtools</em> &lt;script&gt;alert(1)&lt;/script&gt; &lt;b onclick=&quot;x&quot;&gt;",
        Highlights.safeHtml("<em>samtools</em> <script>alert(1)</script> <b onclick=\"x\">"));
  }

  @Test
  void safeHtml_leavesEscapedTextAsTheSearchWroteIt() {
    assertEquals("a &lt;b&gt; <em>c</em>", Highlights.safeHtml("a &lt;b&gt; <em>c</em>"));
  }

  @Test
  void facetFilter_quotesValuesWithColonsOrSpaces() {
    assertEquals("base:\"debian:bookworm-slim\"", SearchPages.filter("base", "debian:bookworm-slim"));
    assertEquals("license:GPL-3.0-or-later", SearchPages.filter("license", "GPL-3.0-or-later"));
    assertEquals("has:doi", SearchPages.filter("hasDoi", "true"));
    assertEquals(null, SearchPages.filter("hasDoi", "false"));
  }

  @Test
  void htmx_isInTheWebjarAtTheVersionThePomNames() {
    assertNotNull(StaticFiles.class.getClassLoader().getResource(StaticFiles.HTMX), StaticFiles.HTMX);
  }
}
