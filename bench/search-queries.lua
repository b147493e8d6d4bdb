-- The searches bench/search-http.sh sends, in turn on each connection: the query types docs/benchmarks-search.md
-- measures in-process (term, phrase, field, filtered, filter-only), so that the two can be set side by side.
local queries = {
  "q=samtools",
  "q=variant+calling",
  "q=%22apt-get+install%22",
  "q=%22sequence+alignment%22",
  "q=license:GPL-3.0",
  "q=package:samtools",
  "q=alignment+base:debian",
  "q=bwa&size=20",
  "q=assembly+genome",
  "q=recipe:singularity",
}
local counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", wrk.path .. "?" .. queries[(counter % #queries) + 1])
end
