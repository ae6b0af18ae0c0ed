/**
 * Sentence punctuation where a text put into a message already ends with its own: "几点会到？" +
 * "。请…" reads "几点会到？。请…", "快来人啊！！" + "。" reads "快来人啊！！。". The mark the
 * writer chose stays; the template's full stop or comma after it goes.
 */
export function tidyPunctuation(text: string): string {
  return text.replace(/([？！。?!…])(?:[。，]|[.,](?=\s|$))/g, '$1');
}
