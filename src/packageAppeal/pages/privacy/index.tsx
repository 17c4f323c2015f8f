import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { PRIVACY_DETAILS } from '../../privacyDetails'
import { Btn } from '../../../components/A11y'
import PageNav from '../../../components/PageNav'
import { useConsented, usePageClass, usePrefs } from '../../../stores/prefs'

/** The full privacy notice in plain words. */
export default function Privacy() {
  const pageClass = usePageClass('privacy')
  const consented = useConsented()
  const consentAt = usePrefs((s) => s.consentAt)
  const revoke = usePrefs((s) => s.revokeConsent)
  return (
    <View className={pageClass}>
      <PageNav title='个人信息处理说明' />
      <View className='card' id='privacy-notice'>
        <Text className='card__title'>个人信息处理说明</Text>
        {PRIVACY_DETAILS.map((p) => (
          <View key={p.title} className='field'>
            <Text className='field__label'>{p.title}</Text>
            <Text>{p.text}</Text>
          </View>
        ))}
      </View>
      <View className='card'>
        <Text>{consented ? `您已于 ${consentAt?.slice(0, 10)} 同意处理敏感个人信息。` : '您尚未同意处理敏感个人信息。上传截图前会再次询问。'}</Text>
        {consented ? (
          <Btn className='btn btn--danger' id='btn-revoke-consent' onClick={revoke}>
            撤回同意（之后不能再上传新截图）
          </Btn>
        ) : null}
        <Btn className='btn' id='btn-privacy-back' onClick={() => Taro.navigateBack().catch(() => Taro.redirectTo({ url: '/pages/index/index' }))}>
          返回
        </Btn>
      </View>
    </View>
  )
}
