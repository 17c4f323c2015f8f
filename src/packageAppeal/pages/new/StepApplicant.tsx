import { Picker, Text, View } from '@tarojs/components'
import { IS_WEAPP, Tap, TextBox, TextField } from '../../../components/A11y'
import { DISTRICTS } from '../../../domain/districts'
import { fieldHints, useDraft } from '../../../stores/draft'
import { usePolicy } from '../../../services/policy'
import ReadingWarnings from '../../components/ReadingWarnings'

function Problem({ id, hint, error }: { id: string; hint?: string; error?: string }) {
  return (
    <View id={id} aria-live='polite'>
      {hint ? <Text className='hint-text'>{hint}</Text> : null}
      {error ? (
        <View className='error-text' role='alert'>
          {error}
        </View>
      ) : null}
    </View>
  )
}

/** One of the applicant's own fields with its live hint and the server's error, tied to it for screen readers. */
function PersonField(props: {
  field: 'name' | 'idNumber' | 'phone'
  id: string
  problemId: string
  label: string
  type?: 'idcard' | 'number'
  maxlength: number
  placeholder: string
}) {
  const d = useDraft()
  const { name, idNumber, phone, statement } = d
  const hint = fieldHints({ name, idNumber, phone, statement }, usePolicy())[props.field]
  const error = d.serverErrors[props.field]
  return (
    <View className='field'>
      <TextField
        id={props.id}
        label={props.label}
        type={props.type}
        className={`field__input ${hint || error ? 'field__input--error' : ''}`}
        invalid={Boolean(hint || error)}
        describedBy={props.problemId}
        value={d[props.field]}
        maxlength={props.maxlength}
        placeholder={props.placeholder}
        onInput={(v) => d.setField(props.field, v)}
      />
      <Problem id={props.problemId} hint={hint} error={error} />
    </View>
  )
}

/** Step 4: district, name, ID number, phone and the statement. */
export default function StepApplicant() {
  const d = useDraft()
  const policy = usePolicy()
  const { district, name, idNumber, phone, statement, serverErrors } = d
  const hints = fieldHints({ name, idNumber, phone, statement }, policy)
  const districtIndex = district ? (DISTRICTS as readonly string[]).indexOf(district) : -1
  return (
    <View className='card' id='step-3'>
      <Text className='card__title'>申诉人信息</Text>
      <View className='field'>
        {IS_WEAPP ? (
          <>
            <Text className='field__label'>所在区</Text>
            <Picker
              id='district-picker'
              mode='selector'
              range={DISTRICTS as unknown as string[]}
              value={districtIndex >= 0 ? districtIndex : 0}
              onChange={(e) => d.setField('district', DISTRICTS[Number(e.detail.value)] ?? null)}
            >
              <Tap className='picker-box' label={`所在区：${district ?? '未选择'}`}>
                <Text className={district ? '' : 'muted'}>{district ?? '请选择所在区'}</Text>
                <Text className='muted'>›</Text>
              </Tap>
            </Picker>
          </>
        ) : (
          // on h5 a native select: keyboard, screen reader and the phone's own list, no wheel
          <>
            <label className='field__label' htmlFor='district-select'>
              所在区
            </label>
            <select id='district-select' className='picker-box picker-box--select' value={district ?? ''} onChange={(e) => d.setField('district', e.target.value || null)}>
              <option value=''>请选择所在区</option>
              {DISTRICTS.map((x) => (
                <option key={x} value={x}>
                  {x}
                </option>
              ))}
            </select>
          </>
        )}
        <Problem id='district-problem' error={serverErrors.district} />
      </View>

      <PersonField field='name' id='input-name' problemId='name-problem' label='姓名' maxlength={30} placeholder='与身份证一致' />
      <PersonField field='idNumber' id='input-id' problemId='id-problem' label='身份证号' type='idcard' maxlength={18} placeholder='18 位，最后一位可能是 X' />
      <ReadingWarnings where='applicant' />
      <PersonField field='phone' id='input-phone' problemId='phone-problem' label='手机号' type='number' maxlength={11} placeholder='11 位手机号，用于联系您' />

      <View className='field'>
        <TextBox
          id='input-statement'
          label='情况说明（选填）'
          className='field__textarea'
          describedBy='statement-count'
          value={statement}
          maxlength={policy.statementMaxChars}
          placeholder='例如：只买过哮喘药；核酸已阴性两天，弹窗仍未解除'
          onInput={(v) => d.setField('statement', v)}
        />
        <Text className='muted' id='statement-count'>
          已输入 {statement.length}/{policy.statementMaxChars} 字
        </Text>
        <Problem id='statement-problem' hint={hints.statement} error={serverErrors.statement} />
      </View>
    </View>
  )
}
