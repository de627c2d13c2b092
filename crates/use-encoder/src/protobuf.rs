//! Just enough of the protobuf wire format to read a SentencePiece `ModelProto`.

/// One field of a message, as it appears on the wire.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Value<'a> {
    Varint(u64),
    #[cfg_attr(not(test), allow(dead_code))]
    Fixed64(u64),
    Bytes(&'a [u8]),
    Fixed32(u32),
}

/// Iterates the fields of one message; stops with an error on a truncated or malformed field.
pub(crate) struct Fields<'a> {
    data: &'a [u8],
    pos: usize,
}

impl<'a> Fields<'a> {
    pub(crate) fn new(data: &'a [u8]) -> Self {
        Fields { data, pos: 0 }
    }

    fn varint(&mut self) -> Result<u64, &'static str> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let byte = *self.data.get(self.pos).ok_or("truncated varint")?;
            self.pos += 1;
            value |= u64::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                return Ok(value);
            }
        }
        Err("varint longer than 10 bytes")
    }

    fn take(&mut self, len: usize) -> Result<&'a [u8], &'static str> {
        let end = self.pos.checked_add(len).ok_or("field length overflows")?;
        let bytes = self.data.get(self.pos..end).ok_or("truncated field")?;
        self.pos = end;
        Ok(bytes)
    }
}

impl<'a> Iterator for Fields<'a> {
    type Item = Result<(u32, Value<'a>), &'static str>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.pos >= self.data.len() {
            return None;
        }
        let field = (|| {
            let key = self.varint()?;
            let number = u32::try_from(key >> 3).map_err(|_| "field number out of range")?;
            let value = match key & 7 {
                0 => Value::Varint(self.varint()?),
                1 => Value::Fixed64(u64::from_le_bytes(self.take(8)?.try_into().unwrap())),
                2 => {
                    let len = usize::try_from(self.varint()?).map_err(|_| "field too long")?;
                    Value::Bytes(self.take(len)?)
                }
                5 => Value::Fixed32(u32::from_le_bytes(self.take(4)?.try_into().unwrap())),
                _ => return Err("unsupported wire type"),
            };
            Ok((number, value))
        })();
        if field.is_err() {
            self.pos = self.data.len();
        }
        Some(field)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_each_wire_type() {
        // field 1 varint 300, field 2 bytes "hi", field 3 fixed32 1.0f32, field 4 fixed64 7
        let mut data = vec![0x08, 0xac, 0x02, 0x12, 0x02, b'h', b'i', 0x1d];
        data.extend_from_slice(&1.0f32.to_le_bytes());
        data.push(0x21);
        data.extend_from_slice(&7u64.to_le_bytes());
        let fields: Vec<_> = Fields::new(&data).collect::<Result<_, _>>().unwrap();
        assert!(matches!(fields[0], (1, Value::Varint(300))));
        assert!(matches!(fields[1], (2, Value::Bytes(b"hi"))));
        assert!(matches!(fields[2], (3, Value::Fixed32(b)) if f32::from_bits(b) == 1.0));
        assert!(matches!(fields[3], (4, Value::Fixed64(7))));
    }

    #[test]
    fn a_truncated_field_is_an_error_and_ends_the_walk() {
        let mut fields = Fields::new(&[0x12, 0x05, b'a']);
        assert!(fields.next().unwrap().is_err());
        assert!(fields.next().is_none());
    }
}
