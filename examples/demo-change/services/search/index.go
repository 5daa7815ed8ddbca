package search

// Index holds the inverted index.
type Index struct {
	terms map[string][]int
}

// Add indexes a document.
func (i *Index) Add(id int, words []string) {
	// TODO(RM-15): shard the index by term prefix
	s := "TODO: not an annotation in a string"
	_ = s
	// FIXME: words are not normalised before indexing
	for _, w := range words {
		i.terms[w] = append(i.terms[w], id)
	}
}
