/** Titles the OCR reads reliably on synthetic spines: the books of the tests' shelves. */
export const SAMPLE_BOOKS: readonly { readonly title: string; readonly author: string }[] = [
  { title: 'The Hunger Games', author: 'Suzanne Collins' },
  { title: 'Pride and Prejudice', author: 'Jane Austen' },
  { title: 'Moby Dick', author: 'Herman Melville' },
  { title: 'The Great Gatsby', author: 'F. Scott Fitzgerald' },
  { title: 'Little Women', author: 'Louisa May Alcott' },
  { title: 'The Hobbit', author: 'J.R.R. Tolkien' },
  { title: 'Animal Farm', author: 'George Orwell' },
  { title: 'Jane Eyre', author: 'Charlotte Bronte' },
];

/** Lower-case letters only: how tests compare a title with what the OCR read. */
export const lettersOnly = (s: string): string => s.toLowerCase().replace(/[^a-z]/g, '');
