import { Button, Text, View } from '@tarojs/components'
import { useEffect } from 'react'
import { CATEGORY_INFO, POPUP_CATEGORIES } from '../../domain/categories'
import { go } from '../../services/nav'
import { useCitizenSession } from '../../stores/session'
import './index.scss'

export default function Index() {
  const ensure = useCitizenSession((s) => s.ensure)
  useEffect(() => {
    // warm up the session so the first upload does not wait for it
    void ensure()
  }, [ensure])

  return (
    <View className='page home'>
      <View className='home__hero'>
        <Text className='home__title'>健康宝弹窗纠错</Text>
        <Text className='home__subtitle'>已做核酸且结果阴性，弹窗仍未解除？在这里提交申诉，工作人员审核后为您纠错。</Text>
      </View>

      <View className='home__actions'>
        <Button className='btn btn--primary home__big' id='btn-new-appeal' onClick={() => go('/pages/appeal/new')}>
          我要申诉
        </Button>
        <Button className='btn home__big' id='btn-my-appeals' onClick={() => go('/pages/appeals/index')}>
          我的申诉（查看进度）
        </Button>
      </View>

      <View className='card home__notice'>
        <Text className='home__notice-title'>请注意</Text>
        <Text>核酸检测点不得拒绝弹窗人员检测。如被拒绝，请出示本页或拨打 12345 反映。</Text>
      </View>

      <Text className='home__section'>三种弹窗情形及解除办法</Text>
      {POPUP_CATEGORIES.map((code) => {
        const info = CATEGORY_INFO[code]
        return (
          <View className='card' key={code}>
            <Text className='card__title'>{info.title}</Text>
            <Text className='home__label'>情形</Text>
            <Text className='home__text'>{info.situation}</Text>
            <Text className='home__label'>解除办法</Text>
            <Text className='home__text'>{info.clears}</Text>
          </View>
        )
      })}

      <View className='card'>
        <Text className='card__title'>{CATEGORY_INFO.unknown.title}</Text>
        <Text className='home__text'>{CATEGORY_INFO.unknown.situation}</Text>
        <Text className='home__text muted'>{CATEGORY_INFO.unknown.clears}</Text>
      </View>

      <View className='link' id='link-reviewer' onClick={() => go('/reviewer/pages/login/index')}>
        <Text>审核员入口</Text>
      </View>
    </View>
  )
}
