//! The tokens the lexer makes and the parser reads.

/// A token. Literals keep their source slice; their value is decoded by the
/// parser (strings) or was checked here (dates, escapes).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Tok<'s> {
    Ident(&'s str),
    /// A rule code such as `OO-NEPACCOUNT`: uppercase parts joined by `-`.
    Code(&'s str),
    Int(&'s str),
    Decimal(&'s str),
    /// `YYYY-MM-DD`; `valid` is false when the date is not on the calendar
    /// (the lexer has reported it).
    Date(&'s str, bool),
    /// A string literal including its quotes (the closing quote may be missing).
    Str(&'s str),
    /// A text block including its `"""` delimiters.
    Block(&'s str),
    LBrace,
    RBrace,
    LBracket,
    RBracket,
    LParen,
    RParen,
    Colon,
    Comma,
    Semi,
    Slash,
    DotDot,
    Dot,
    Eq,
    EqEq,
    NotEq,
    Lt,
    Le,
    Gt,
    Ge,
}

impl Tok<'_> {
    /// How a policy author would recognise the token, in backticks where it
    /// is literal text.
    pub fn describe(&self) -> crate::Text {
        match self {
            Tok::Ident(s) | Tok::Code(s) => text2(format!("`{s}`")),
            Tok::Int(s) | Tok::Decimal(s) => {
                crate::Text::new(format!("het getal `{s}`"), format!("the number `{s}`"))
            }
            Tok::Date(s, _) => {
                crate::Text::new(format!("de datum `{s}`"), format!("the date `{s}`"))
            }
            Tok::Str(s) => {
                let shown = shorten(s);
                crate::Text::new(format!("de tekst {shown}"), format!("the text {shown}"))
            }
            Tok::Block(_) => crate::Text::new("een tekstblok `\"\"\"`", "a text block `\"\"\"`"),
            other => text2(format!("`{}`", other.punct())),
        }
    }

    /// The source spelling of a punctuation token.
    pub fn punct(&self) -> &'static str {
        match self {
            Tok::LBrace => "{",
            Tok::RBrace => "}",
            Tok::LBracket => "[",
            Tok::RBracket => "]",
            Tok::LParen => "(",
            Tok::RParen => ")",
            Tok::Colon => ":",
            Tok::Comma => ",",
            Tok::Semi => ";",
            Tok::Slash => "/",
            Tok::DotDot => "..",
            Tok::Dot => ".",
            Tok::Eq => "=",
            Tok::EqEq => "==",
            Tok::NotEq => "!=",
            Tok::Lt => "<",
            Tok::Le => "<=",
            Tok::Gt => ">",
            Tok::Ge => ">=",
            _ => "",
        }
    }
}

fn text2(s: String) -> crate::Text {
    crate::Text::new(s.clone(), s)
}

fn shorten(s: &str) -> String {
    let mut out: String = s.chars().take(40).collect();
    if out.len() < s.len() {
        out.push('…');
    }
    out
}
