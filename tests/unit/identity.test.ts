import { idCheckChar, isValidIdNumber, isValidName, isValidPhone } from '../../src/domain/identity'
import { maskIdNumber, maskName, maskPhone } from '../../src/domain/masking'

// 11010519491231002X is the worked example published with GB 11643.
describe('resident ID number', () => {
  it('accepts a number whose check character matches, X included', () => {
    expect(idCheckChar('11010519491231002')).toBe('X')
    expect(isValidIdNumber('11010519491231002X')).toBe(true)
    expect(isValidIdNumber('11010519491231002x')).toBe(true)
  })

  it('rejects a wrong check character, a short number and an impossible birth date', () => {
    expect(isValidIdNumber('110105194912310021')).toBe(false)
    expect(isValidIdNumber('1101051949123100')).toBe(false)
    const feb30 = '11010519490230002'
    expect(isValidIdNumber(feb30 + idCheckChar(feb30))).toBe(false)
  })

  it('rejects a birth date in the future', () => {
    const future = '11010520991231002'
    expect(isValidIdNumber(future + idCheckChar(future))).toBe(false)
  })
})

describe('phone and name', () => {
  it('takes 11-digit mobile numbers only', () => {
    expect(isValidPhone('13812345678')).toBe(true)
    expect(isValidPhone('1381234567')).toBe(false)
    expect(isValidPhone('23812345678')).toBe(false)
  })

  it('takes Chinese names with a middle dot but not markup', () => {
    expect(isValidName('张三')).toBe(true)
    expect(isValidName('阿依古丽·买买提')).toBe(true)
    expect(isValidName('张')).toBe(false)
    expect(isValidName('<b>张三</b>')).toBe(false)
  })
})

describe('masking', () => {
  it('keeps only what identifies a person to themselves', () => {
    expect(maskName('张小明')).toBe('张*明')
    expect(maskName('张三')).toBe('张*')
    expect(maskIdNumber('11010519491231002X')).toBe('1101**********002X')
    expect(maskPhone('13812345678')).toBe('138****5678')
  })
})
