import { describe, expect, it } from 'vitest'
import { toCsv } from '../../../../src-renderer/lib/csv'

describe('CSV', () => {
  it('quotes what needs quoting, keeps formulas as text, rounds numbers to six decimals, ends lines with CRLF', () => {
    const csv = toCsv(
      ['name', 'value', 'flag', 'note'],
      [
        ['a, b', 0.1 + 0.2, true, 'say "hi"'],
        ['=SUM(A1:A2)', -3, false, undefined],
        ['line\nbreak', 1_234_567.1234567, false, '@home'],
      ],
    )
    expect(csv).toBe(
      [
        'name,value,flag,note',
        '"a, b",0.3,true,"say ""hi"""',
        "'=SUM(A1:A2),-3,false,",
        '"line\nbreak",1234567.123457,false,\'@home',
        '',
      ].join('\r\n'),
    )
  })
})
