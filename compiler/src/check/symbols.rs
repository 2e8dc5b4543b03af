//! The symbol index: every definition and every reference in the
//! repository, with its span and what it resolves to.
//!
//! The checker fills the index while it resolves names, so the language
//! server answers go-to-definition, find-references, rename and hover by
//! looking up, never by resolving again. Lookups are hash maps and binary
//! searches: the index stays linear in the size of the repository.

use crate::ast::Name;
use crate::schema::{ChoiceId, FieldId, KindId, VariantId};
use crate::span::{FileId, Span};
use foldhash::HashMap;
use std::sync::OnceLock;

/// Identifies a top-level item (`beleid x`, `team y`, `artikel z`) in the
/// [`SymbolIndex`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ItemId(pub u32);

/// What a name stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Target {
    /// A kind, declared by `soort`.
    Kind(KindId),
    /// A vocabulary, declared by `keuze`.
    Choice(ChoiceId),
    /// A field of a kind.
    Field(KindId, FieldId),
    /// A variant of a vocabulary.
    Variant(ChoiceId, VariantId),
    /// A top-level item.
    Item(ItemId),
}

/// One name in the source.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Symbol {
    /// The name as written.
    pub span: Span,
    pub target: Target,
    /// True where the name is declared (`team x`, `soort beleid`, a field
    /// declaration); false where it is used.
    pub definition: bool,
}

/// A top-level item of the namespace of its kind.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ItemDef {
    pub kind: KindId,
    pub name: Name,
    /// The English spelling of the name, for items that have one.
    pub name_en: Option<Name>,
    pub file: FileId,
    pub name_span: Span,
    pub name_en_span: Option<Span>,
    /// The whole item.
    pub span: Span,
    /// The position of the item in its file's `tree.items`.
    pub tree_index: usize,
}

impl ItemDef {
    /// Both spellings of the name, Dutch (or only) first.
    pub fn spellings(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name.as_str()).chain(self.name_en.as_deref())
    }
}

/// Every definition and reference of the repository and the stdlib.
#[derive(Clone, Debug, Default)]
pub struct SymbolIndex {
    items: Vec<ItemDef>,
    /// Per kind, the items by both spellings of their names.
    by_kind: HashMap<KindId, HashMap<Name, ItemId>>,
    /// Per kind, the items in file order.
    kind_items: HashMap<KindId, Vec<ItemId>>,
    /// Per file, the symbols sorted by position.
    by_file: Vec<Vec<Symbol>>,
    /// Per target, its declarations and uses: built from `by_file` the
    /// first time they are asked for. `kader check` never asks, and at
    /// 10,000 policies the maps hold half a million spans.
    by_target: OnceLock<ByTarget>,
}

#[derive(Clone, Debug, Default)]
struct ByTarget {
    /// Per target, where it is declared.
    definitions: HashMap<Target, Vec<Span>>,
    /// Per target, where it is used, in file and position order.
    references: HashMap<Target, Vec<Span>>,
}

impl SymbolIndex {
    /// Every top-level item, in file order.
    pub fn items(&self) -> &[ItemDef] {
        &self.items
    }

    pub fn item(&self, id: ItemId) -> Option<&ItemDef> {
        self.items.get(id.0 as usize)
    }

    /// The item of `kind` spelled `name` (Dutch or English).
    pub fn item_named(&self, kind: KindId, name: &str) -> Option<ItemId> {
        self.by_kind.get(&kind).and_then(|m| m.get(name)).copied()
    }

    /// Every spelling of the names of the items of one kind, in no
    /// particular order.
    pub fn names_of(&self, kind: KindId) -> impl Iterator<Item = &Name> {
        self.by_kind.get(&kind).into_iter().flat_map(|m| m.keys())
    }

    /// The items of one kind, in file order.
    pub fn items_of(&self, kind: KindId) -> impl Iterator<Item = (ItemId, &ItemDef)> {
        self.kind_items
            .get(&kind)
            .into_iter()
            .flatten()
            .filter_map(|id| self.item(*id).map(|d| (*id, d)))
    }

    /// The symbols of a file, sorted by position.
    pub fn symbols_in(&self, file: FileId) -> &[Symbol] {
        self.by_file
            .get(file.index())
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// The symbol whose span contains `offset` (its end included, so a
    /// cursor just after a name still finds it).
    pub fn symbol_at(&self, file: FileId, offset: usize) -> Option<&Symbol> {
        let symbols = self.symbols_in(file);
        let after = symbols.partition_point(|s| (s.span.start as usize) <= offset);
        symbols
            .get(..after)?
            .iter()
            .rev()
            .find(|s| s.span.contains(offset))
    }

    /// Where `target` is declared: both spellings of a name are
    /// declarations, the Dutch first.
    pub fn definitions(&self, target: Target) -> &[Span] {
        self.by_target()
            .definitions
            .get(&target)
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// Where `target` is used.
    pub fn references(&self, target: Target) -> &[Span] {
        self.by_target()
            .references
            .get(&target)
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    fn by_target(&self) -> &ByTarget {
        self.by_target.get_or_init(|| {
            let mut maps = ByTarget::default();
            for s in self.by_file.iter().flatten() {
                let map = if s.definition {
                    &mut maps.definitions
                } else {
                    &mut maps.references
                };
                map.entry(s.target).or_default().push(s.span);
            }
            maps
        })
    }

    pub(crate) fn with_files(files: usize) -> SymbolIndex {
        SymbolIndex {
            by_file: vec![Vec::new(); files],
            ..SymbolIndex::default()
        }
    }

    /// Adds a top-level item. Returns the item that already has one of its
    /// spellings in the same kind, if any; the new item is still added, but
    /// the name keeps pointing at the first.
    pub(crate) fn add_item(&mut self, def: ItemDef) -> (ItemId, Vec<(Span, ItemId)>) {
        let id = ItemId(u32::try_from(self.items.len()).unwrap_or(u32::MAX));
        let names = self.by_kind.entry(def.kind).or_default();
        let mut clashes = Vec::new();
        let spellings = std::iter::once((def.name.clone(), def.name_span)).chain(
            def.name_en
                .clone()
                .zip(def.name_en_span)
                .filter(|(en, _)| *en != def.name),
        );
        for (spelling, span) in spellings {
            match names.get(&spelling) {
                Some(first) => clashes.push((span, *first)),
                None => {
                    names.insert(spelling, id);
                }
            }
        }
        self.kind_items.entry(def.kind).or_default().push(id);
        self.items.push(def);
        (id, clashes)
    }

    /// Records a symbol. Files are sorted by [`SymbolIndex::finish`].
    pub(crate) fn add(&mut self, symbol: Symbol) {
        if let Some(list) = self.by_file.get_mut(symbol.span.file.index()) {
            list.push(symbol);
        }
    }

    /// Takes out the symbols recorded so far, per file, so that checking
    /// each file can go on from them; [`SymbolIndex::put_back`] returns
    /// them.
    pub(crate) fn take_files(&mut self) -> Vec<Vec<Symbol>> {
        let files = self.by_file.len();
        std::mem::replace(&mut self.by_file, vec![Vec::new(); files])
    }

    /// Puts back the symbols of one file: those taken out with
    /// [`SymbolIndex::take_files`] and what checking it added.
    pub(crate) fn put_back(&mut self, file: FileId, symbols: Vec<Symbol>) {
        if let Some(list) = self.by_file.get_mut(file.index()) {
            *list = symbols;
        }
    }

    /// Adds to `known`, a file's symbols recorded before its items are
    /// checked (its names and schema declarations), the symbols of an
    /// earlier index that checking the file itself gave: all of them but
    /// those found again.
    pub(crate) fn with_earlier(mut known: Vec<Symbol>, earlier: &[Symbol]) -> Vec<Symbol> {
        let mut again = known.clone();
        again.sort_by_key(|s| (s.span.start, s.span.end));
        known.extend(earlier.iter().filter(|s| {
            let key = (s.span.start, s.span.end);
            let from = again.partition_point(|k| (k.span.start, k.span.end) < key);
            !again
                .get(from..)
                .unwrap_or(&[])
                .iter()
                .take_while(|k| (k.span.start, k.span.end) == key)
                .any(|k| k == *s)
        }));
        known
    }

    /// Puts one file's symbols in position order, each once, in a list
    /// as long as what it holds: the lists live as long as their analysis,
    /// and growing by doubling left up to half of each empty.
    pub(crate) fn settle(list: &mut Vec<Symbol>) {
        list.sort_by_key(|s| (s.span.start, s.span.end));
        list.dedup();
        list.shrink_to_fit();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A file's symbols end in position order, each once, in a list with
    /// no room left over.
    #[test]
    fn a_files_symbols_are_settled_in_order_each_once() {
        let symbol = |start: usize, target| Symbol {
            span: Span::new(FileId(1), start, start + 2),
            target,
            definition: false,
        };
        let mut list = Vec::with_capacity(64);
        list.extend([
            symbol(9, Target::Kind(KindId(1))),
            symbol(3, Target::Kind(KindId(2))),
            symbol(9, Target::Kind(KindId(1))),
            symbol(3, Target::Kind(KindId(3))),
        ]);
        SymbolIndex::settle(&mut list);
        let starts: Vec<u32> = list.iter().map(|s| s.span.start).collect();
        assert_eq!(starts, [3, 3, 9]);
        assert_eq!(list.capacity(), list.len());
    }

    /// Of a file's earlier symbols, those found again before its items are
    /// checked are left out, also where two names share a place; the rest
    /// is taken over.
    #[test]
    fn earlier_symbols_leave_out_what_is_known_again() {
        let file = FileId(0);
        let at = |start, target, definition| Symbol {
            span: Span::new(file, start, start + 1),
            target,
            definition,
        };
        let name = at(4, Target::Item(ItemId(0)), true);
        let kind = at(4, Target::Kind(KindId(1)), false);
        let field = at(9, Target::Field(KindId(1), FieldId(2)), false);
        // Sorted and deduplicated, the earlier list alternates the two
        // names at 4 with a third no fresh check gives.
        let again = at(4, Target::Item(ItemId(3)), false);
        let earlier = [name, again, kind, field];
        assert_eq!(
            SymbolIndex::with_earlier(vec![name, kind], &earlier),
            vec![name, kind, again, field]
        );
    }
}
